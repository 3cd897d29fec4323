package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.NotesAppContract;
import dev.bulwark.servlet.Http;
import java.net.http.HttpResponse;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-Jetty example over real HTTP, with Bulwark installed only by its initializer. */
class NotesServerTest extends NotesAppContract {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void probesAreOpenAndShowTheStatusOnly() throws Exception {
    HttpResponse<String> ready = Http.get(uri("/health/ready"));
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(Http.get(uri("/health/live")).statusCode()).isEqualTo(200);
    assertThat(Http.get(uri("/health/started")).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreScrapedByRouteFromLoopback() throws Exception {
    Http.get(uri("/api/notes/12345"), "Authorization", dev.bulwark.examples.notes.NotesClient.basic("alice"));
    HttpResponse<String> scrape = Http.get(uri("/metrics"));
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("uri=\"/api/notes/*\"").doesNotContain("12345").contains("bulwark_ratelimit_decisions_total");
  }

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
