package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.FlakyStore;
import dev.bulwark.examples.notes.RawConnection;
import dev.bulwark.examples.notes.RawConnection.Received;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example's authentication decides on the path Jetty dispatches on, not on the raw request
 * URI: a public prefix followed by dot segments ({@code /static/../api/notes}), plain or
 * percent-encoded, reaches the notes API only through the 401 challenge, or is refused as a bad
 * path; never unauthenticated.
 */
class NotesServerAuthPathTest {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> null, new FlakyStore());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Received get(String target) throws Exception {
    return RawConnection.exchange(
        server.port(),
        "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        Duration.ofMillis(300),
        Duration.ofSeconds(10));
  }

  @Test
  void dotSegmentsAfterAPublicPrefixNeverReachTheApiUnauthenticated() throws Exception {
    List<String> targets =
        List.of(
            "/static/../api/notes",
            "/health/../api/notes",
            "/health/live/../../api/notes",
            "/health/ready/../../api/notes/1",
            "/static/./../api/notes",
            "/static/%2e%2e/api/notes",
            "/static/%2E%2E/api/notes",
            "/health/.%2e/api/notes",
            "/health/live/%2e%2e/%2e%2e/api/notes",
            "/static/..;/api/notes",
            "/static/..%2fapi/notes",
            "/static//../api/notes");
    for (String target : targets) {
      Received received = get(target);
      String answer = received.text();
      assertThat(received.statuses()).as("%s: %s", target, answer).hasSize(1);
      int status = received.statuses().get(0);
      assertThat(status).as("%s: %s", target, answer).isIn(400, 401);
      if (status == 401) {
        assertThat(answer.toLowerCase(Locale.ROOT)).as(target).contains("\r\nwww-authenticate: basic realm=\"notes\"");
      }
    }
  }

  @Test
  void thePublicPathsStayPublicAndTheApiAsksForCredentials() throws Exception {
    assertThat(get("/health/live").statuses()).containsExactly(200);
    assertThat(get("/health/ready").statuses()).containsExactly(200);
    assertThat(get("/static/app.css").statuses()).containsExactly(200);
    assertThat(get("/static/../static/app.css").statuses()).as("dot segments within the public prefix").containsExactly(200);
    assertThat(get("/api/notes").statuses()).containsExactly(401);
    assertThat(get("/").statuses()).containsExactly(401);
  }
}
