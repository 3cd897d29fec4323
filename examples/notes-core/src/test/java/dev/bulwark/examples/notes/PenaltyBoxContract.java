package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.http.HttpResponse;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code auth-failures} rule on an example app: wrong passwords end in a 429, and the
 * block covers the right password too. Each app runs it on an instance of its own, because it uses
 * up the loopback address's failure budget.
 */
public abstract class PenaltyBoxContract {

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  @Test
  void repeatedWrongPasswordsEndInA429AndTheBlockCoversTheRightPasswordToo() throws Exception {
    URI notes = uri("/api/notes");
    String wrong = basic("mallory", "guess");
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
    assertThat(Http.header(last, "RateLimit")).startsWith("\"auth-failures-1m\";r=0;");
    assertThat(last.body()).contains("quota-exceeded").doesNotContain("mallory");
    assertThat(Http.get(notes, "Authorization", basic("alice")).statusCode())
        .as("a guessing address stays refused even when it finally guesses right")
        .isEqualTo(429);
  }
}
