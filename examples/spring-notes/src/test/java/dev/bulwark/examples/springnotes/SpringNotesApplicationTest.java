package dev.bulwark.examples.springnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.NotesAppContract;
import dev.bulwark.examples.notes.NotesClient;
import dev.bulwark.servlet.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example over real HTTP, hardened by the starter with default settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringNotesApplicationTest extends NotesAppContract {

  @LocalServerPort int port;

  @Test
  void invalidNotesAre422WithOneEntryPerViolationAndNoEcho() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"\",\"body\":\"" + "<b>".repeat(4000) + "\"}",
            "Authorization", NotesClient.basic("alice"), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(response.body()).contains("\"pointer\":\"/title\"").contains("\"pointer\":\"/body\"").doesNotContain("<b>");
  }

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
