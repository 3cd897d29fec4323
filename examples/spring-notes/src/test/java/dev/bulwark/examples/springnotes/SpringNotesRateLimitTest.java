package dev.bulwark.examples.springnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Spring example's default rate limiting over real HTTP. Its own application context (the
 * property makes it distinct), because the test uses up the loopback address's failure budget.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=rate-limit-test")
class SpringNotesRateLimitTest {

  @LocalServerPort int port;

  @Test
  void repeatedWrongPasswordsEndInA429AndTheBlockCoversTheRightPasswordToo() throws Exception {
    URI notes = URI.create("http://localhost:" + port + "/api/notes");
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
    assertThat(Http.get(notes, "Authorization", right).statusCode()).isEqualTo(429);
  }
}
