package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.NoteStore;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /}: the caller's notes, rendered by Thymeleaf. */
@Controller
class PageController {

  private final NoteStore store;

  PageController(NoteStore store) {
    this.store = store;
  }

  @GetMapping("/")
  String index(Model model, Principal caller) {
    model.addAttribute("user", caller.getName());
    model.addAttribute("notes", store.findByOwner(caller.getName()));
    return "index";
  }
}
