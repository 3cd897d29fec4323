package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LinksTest {

  private static final URI ORIGIN = URI.create("http://localhost:8080/");

  @Test
  void followsPagesOnTheSameOriginWithoutTheFragment() {
    assertThat(Links.followable(ORIGIN, "http://localhost:8080/owners?lastName=#top"))
        .contains("http://localhost:8080/owners?lastName=");
    assertThat(Links.followable(ORIGIN, "/vets.html")).contains("http://localhost:8080/vets.html");
    assertThat(Links.followable(ORIGIN, "owners/1")).contains("http://localhost:8080/owners/1");
    assertThat(Links.followable(ORIGIN, "http://LOCALHOST:8080")).contains("http://localhost:8080/");
  }

  @Test
  void leavesOtherOriginsSchemesAndFiles() {
    assertThat(Links.followable(ORIGIN, "http://localhost:8081/")).isEmpty();
    assertThat(Links.followable(ORIGIN, "https://localhost:8080/")).isEmpty();
    assertThat(Links.followable(ORIGIN, "http://example.com/")).isEmpty();
    assertThat(Links.followable(ORIGIN, "mailto:a@example.com")).isEmpty();
    assertThat(Links.followable(ORIGIN, "javascript:void(0)")).isEmpty();
    assertThat(Links.followable(ORIGIN, "/resources/css/petclinic.css")).isEmpty();
    assertThat(Links.followable(ORIGIN, "/images/pets.PNG")).isEmpty();
    assertThat(Links.followable(ORIGIN, "/logout")).isEmpty();
    assertThat(Links.followable(ORIGIN, "")).isEmpty();
    assertThat(Links.followable(ORIGIN, "http://[bad")).isEmpty();
  }

  @Test
  void aDotInADirectoryIsNotAFile() {
    assertThat(Links.followable(ORIGIN, "/v1.2/owners")).contains("http://localhost:8080/v1.2/owners");
  }
}
