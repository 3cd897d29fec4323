package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileClientInputContract;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The plain-Jetty example on an instance of its own, for issue #12's hostile-client contract. */
class NotesServerHostileClientInputTest extends HostileClientInputContract {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  @Override
  protected List<String> probePaths() {
    return List.of("/health", "/health/live", "/health/ready", "/health/started");
  }

  @Override
  protected String scrapePath() {
    return "/metrics";
  }
}
