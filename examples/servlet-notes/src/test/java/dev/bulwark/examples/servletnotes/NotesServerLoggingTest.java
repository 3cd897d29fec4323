package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.NotesClient;
import dev.bulwark.examples.observability.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the servlet example logs: access lines, health changes, and logging past a stopped server. */
class NotesServerLoggingTest {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void loggingOutlivesAStoppedServer() throws Exception {
    NotesServer.start(0, name -> null).close();
    try (LogCapture logs = LogCapture.start()) {
      LoggerFactory.getLogger("notes.test").info("still logging after a stop");
      assertThat(logs.text()).contains("still logging after a stop").contains("\"level\":\"INFO\"");
    }
  }

  /**
   * A refusal thrown by the handler (a guard's 403 or 404, a validation's 422) unwinds past the
   * access log before Bulwark answers it: the line must still show what the client received.
   */
  @Test
  void accessLogShowsTheStatusTheClientReceived() throws Exception {
    try (NotesServer server = NotesServer.start(0, name -> null);
        LogCapture logs = LogCapture.start()) {
      URI notes = URI.create("http://localhost:" + server.port() + "/api/notes");
      List<Integer> received = new ArrayList<>();
      // admin reads every note but creates none: the guard throws, Bulwark answers 403.
      received.add(send(HttpRequest.newBuilder(notes).header("Authorization", NotesClient.basic("admin"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"body\":\"b\"}"))));
      // A note that does not exist: the guard's lookup throws, Bulwark answers 404.
      received.add(send(HttpRequest.newBuilder(URI.create(notes + "/987654")).header("Authorization", NotesClient.basic("bob")).GET()));
      // A title with a control character: validation throws, Bulwark answers 422.
      received.add(send(HttpRequest.newBuilder(notes).header("Authorization", NotesClient.basic("alice"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"a\\u0007b\",\"body\":\"b\"}"))));
      assertThat(received).containsExactly(403, 404, 422);

      // The line is written once the answer has gone out, so the client may send the next request
      // and that one's line may come first: the statuses must match, not their order.
      assertThat(awaitAccessStatuses(logs, 3)).containsExactlyInAnyOrderElementsOf(received);
    }
  }

  /** A failing check logs when it turns DOWN and when it is UP again, not on every probe. */
  @Test
  void healthLogsAFailingCheckOncePerChange() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    try (LogCapture logs = LogCapture.start();
        NotesServer server =
            NotesServer.start(0, name -> null, () -> {
              if (failing.get()) {
                throw new IllegalStateException("store unreachable at db.internal:5432");
              }
              return Map.of();
            })) {
      URI ready = URI.create("http://localhost:" + server.port() + "/health/ready");
      URI health = URI.create("http://localhost:" + server.port() + "/health");
      for (int i = 0; i < 4; i++) {
        assertThat(send(HttpRequest.newBuilder(ready).GET())).isEqualTo(503);
        assertThat(send(HttpRequest.newBuilder(health).GET())).isEqualTo(503);
      }
      failing.set(false);
      for (int i = 0; i < 3; i++) {
        assertThat(send(HttpRequest.newBuilder(ready).GET())).isEqualTo(200);
      }
      failing.set(true);
      assertThat(send(HttpRequest.newBuilder(ready).GET())).isEqualTo(503);

      List<String> lines = logs.text().lines().filter(line -> line.contains("notes-store")).toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).contains("\"level\":\"WARN\"").contains("is DOWN").contains("IllegalStateException")
          .doesNotContain("db.internal");
      assertThat(lines.get(1)).contains("\"level\":\"INFO\"").contains("is UP again");
      assertThat(lines.get(2)).contains("\"level\":\"WARN\"").contains("is DOWN");
    }
  }

  /**
   * Requests Jetty refuses itself, before Bulwark's filter and its rate limits: an unparseable
   * {@code Host}, a {@code CONNECT} to a path, an invalid header line, an oversized URI and header
   * block, a bad escape. Jetty logs some of them at WARN quoting the client's text (7 KB a request
   * for a long bad {@code Host}: 2 MB from 300 requests); the example keeps them out of its log.
   */
  @Test
  void requestsJettyRefusesItselfDoNotFloodTheLog() throws Exception {
    String x = "x".repeat(7000);
    List<String> shapes =
        List.of(
            "GET /health HTTP/1.1\r\nHost: a b" + x + "\r\n",
            "GET /health HTTP/1.1\r\nHost: [" + x + "\r\n",
            "GET /health HTTP/1.1\r\nHost: a:" + x + "\r\n",
            "GET /health HTTP/1.1\r\nHost: localhost\r\nHost: a" + x + "\r\n",
            "CONNECT /api/notes" + x + " HTTP/1.1\r\nHost: localhost\r\n",
            "GET /health HTTP/1.1\r\nHost: localhost\r\nBad " + x + ": v\r\n",
            "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + x.repeat(3) + "\r\n",
            "GET /" + x.repeat(3) + " HTTP/1.1\r\nHost: localhost\r\n",
            "GET /a/%zz" + x + " HTTP/1.1\r\nHost: localhost\r\n",
            "GET /health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: x" + x + "\r\n");
    try (NotesServer server = NotesServer.start(0, name -> null);
        LogCapture logs = LogCapture.start()) {
      for (String shape : shapes) {
        int before = logs.text().length();
        for (int i = 0; i < 50; i++) {
          dev.bulwark.examples.notes.RawConnection.Received received = refusal(server.port(), shape);
          assertThat(received.statuses()).as(shape.substring(0, 40)).hasSize(1);
          assertThat(received.statuses().get(0)).as(shape.substring(0, 40)).isBetween(400, 499);
        }
        String grown = logs.text().substring(before);
        assertThat(grown.length())
            .as("log after 50 of %s...: %s", shape.substring(0, 40), grown.substring(0, Math.min(grown.length(), 600)))
            .isLessThan(3000);
      }
    }
  }

  /**
   * Sends a request Jetty refuses before reading all of it. Jetty answers and closes; when the rest
   * of the request is still unread, the close is a TCP reset, and a reset that arrives before the
   * client has read the answer discards it (a race on a loaded machine, not Jetty's answer): such
   * an exchange is sent again, a few times at most.
   */
  private static dev.bulwark.examples.notes.RawConnection.Received refusal(int port, String shape) throws Exception {
    dev.bulwark.examples.notes.RawConnection.Received received = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      received = dev.bulwark.examples.notes.RawConnection.exchange(port, shape + "Connection: close\r\n\r\n", Duration.ofMillis(200), Duration.ofSeconds(10));
      if (!received.statuses().isEmpty()) {
        return received;
      }
    }
    return received;
  }

  private static int send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The statuses of the API's access lines, waiting briefly for the last to be written. */
  private static List<Integer> awaitAccessStatuses(LogCapture logs, int count) throws InterruptedException {
    Pattern access = Pattern.compile("\"(?:GET|POST) \\S*api\\S*notes\\S* (\\d{3}) in ");
    List<Integer> statuses = new ArrayList<>();
    for (int attempt = 0; attempt < 50; attempt++) {
      statuses.clear();
      Matcher matcher = access.matcher(logs.text());
      while (matcher.find()) {
        statuses.add(Integer.parseInt(matcher.group(1)));
      }
      if (statuses.size() >= count) {
        break;
      }
      Thread.sleep(100);
    }
    return statuses;
  }
}
