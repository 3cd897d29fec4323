package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.observability.LogRedactionContract;
import dev.bulwark.examples.observability.ScrapeContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The servlet example's metrics against the alert rules and the dashboard, its route cardinality
 * and its JSON logs, on an instance of its own behind a proxy named on loopback.
 */
class NotesServerObservabilityTest implements ScrapeContract, LogRedactionContract {

  private static final String TRUSTED_PROXIES = "bulwark.client-ip.trusted-proxies";
  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(TRUSTED_PROXIES, "127.0.0.1/32");
    try {
      server = NotesServer.start(0, name -> null);
    } finally {
      System.clearProperty(TRUSTED_PROXIES);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  @Override
  public String scrapePath() {
    return "/metrics";
  }
}
