package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The servlet example's default rate limiting over real HTTP: its own server, because the test
 * uses up the failure budget of the loopback address.
 */
class NotesServerRateLimitTest {

  @Test
  void repeatedWrongPasswordsEndInA429AndTheBlockCoversTheRightPasswordToo() throws Exception {
    try (NotesServer server = NotesServer.start(0, name -> null)) {
      URI notes = URI.create("http://localhost:" + server.port() + "/api/notes");
      String wrong = "Basic " + Base64.getEncoder().encodeToString("mallory:guess".getBytes(StandardCharsets.UTF_8));
      int unauthorized = 0;
      HttpResponse<String> last = null;
      for (int i = 0; i < 12; i++) {
        last = Http.get(notes, "Authorization", wrong);
        if (last.statusCode() != 401) {
          break;
        }
        unauthorized++;
      }
      assertThat(unauthorized).as("auth-failures allows 10 a minute").isEqualTo(10);
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(Http.header(last, "Retry-After"))).isPositive();
      assertThat(Http.header(last, "RateLimit")).startsWith("\"auth-failures\";r=0;");
      assertThat(last.body()).contains("quota-exceeded").doesNotContain("mallory");

      String right =
          "Basic " + Base64.getEncoder().encodeToString(("alice:" + DemoUsers.DEFAULT_PASSWORDS.get("alice")).getBytes(StandardCharsets.UTF_8));
      assertThat(Http.get(notes, "Authorization", right).statusCode())
          .as("a guessing address stays refused even when it finally guesses right")
          .isEqualTo(429);
    }
  }

  @Test
  void allowedResponsesAdvertiseTheQuota() throws Exception {
    try (NotesServer server = NotesServer.start(0, name -> null)) {
      HttpResponse<String> response = Http.get(URI.create("http://localhost:" + server.port() + "/static/app.css"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Http.header(response, "RateLimit-Policy")).contains("\"global-1s\";q=100;w=1");
      assertThat(Http.header(response, "RateLimit")).startsWith("\"global\";r=");
    }
  }
}
