package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.FlakyStore;
import dev.bulwark.examples.notes.HealthProbeContract;
import dev.bulwark.examples.notes.NotesAppContract;
import dev.bulwark.servlet.Http;
import java.net.http.HttpResponse;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain-Jetty example over real HTTP, with Bulwark installed only by its initializer; its notes
 * store can be made to fail or hang for the probes.
 */
class NotesServerTest extends NotesAppContract implements HealthProbeContract {

  private static final FlakyStore STORE = new FlakyStore();
  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> null, STORE);
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

  @Test
  void startupStaysUpWhileTheStoreIsDown() throws Exception {
    STORE.set(FlakyStore.Mode.FAILING);
    assertThat(Http.get(uri("/health/ready")).statusCode()).isEqualTo(503);
    HttpResponse<String> started = Http.get(uri("/health/started"));
    assertThat(started.statusCode()).as("start-up finished; only readiness follows the store").isEqualTo(200);
    assertThat(started.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Override
  public FlakyStore store() {
    return STORE;
  }

  @Override
  public String livenessPath() {
    return "/health/live";
  }

  @Override
  public String readinessPath() {
    return "/health/ready";
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
