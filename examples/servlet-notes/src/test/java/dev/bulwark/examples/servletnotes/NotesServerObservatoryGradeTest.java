package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.ObservatoryContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The servlet example grades A+ behind a TLS proxy on loopback. The proxy is named through a
 * system property, as an operator would pass it ({@code -Dbulwark.client-ip.trusted-proxies}).
 */
class NotesServerObservatoryGradeTest extends ObservatoryContract {

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
  protected URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
