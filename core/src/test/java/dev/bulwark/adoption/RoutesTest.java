package dev.bulwark.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RoutesTest {

  @Test
  void idsBecomeOnePlaceholderSoTheReportStaysSmall() {
    assertThat(Routes.template("/owners/42/pets/7/edit")).isEqualTo("/owners/{id}/pets/{id}/edit");
    assertThat(Routes.template("/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo("/orders/{id}");
    assertThat(Routes.template("/files/a1b2c3d4e5f6a7b8c9d0")).isEqualTo("/files/{id}");
    assertThat(Routes.template("/owners/find")).isEqualTo("/owners/find");
    assertThat(Routes.template("/v2/api")).isEqualTo("/v2/api");
    assertThat(Routes.template("/")).isEqualTo("/");
    assertThat(Routes.template("/a/b/c/d/e/f/g/h/i/j")).isEqualTo("/a/b/c/d/e/f/g/h/**");
  }

  @Property(tries = 1000)
  void anyPathGivesAShortSafeRoute(@ForAll @StringLength(max = 500) String tail) {
    String route = Routes.template("/" + tail);
    assertThat(route).startsWith("/").matches("[A-Za-z0-9._~{}*/-]*");
    assertThat(route.length()).isLessThan(400);
  }
}
