package org.springframework.samples.fake;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application controller in a package under {@code org.springframework.}, as in
 * spring-petclinic ({@code org.springframework.samples.petclinic}): the application's code, not
 * Spring's, whatever its package says.
 */
@RestController
public class OwnerController {

  @GetMapping("/owners/{id}")
  public String show(@PathVariable String id) {
    return "owner " + id;
  }
}
