package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileRequestContract;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The hostile-request contract against the plain-Jetty example, on an instance of its own whose
 * idle timeout is two seconds, so stalled clients are cut off quickly.
 */
class NotesServerHostileRequestTest extends HostileRequestContract {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> name.equals("NOTES_IDLE_TIMEOUT") ? "2" : null);
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
  protected Duration idleTimeout() {
    return Duration.ofSeconds(2);
  }
}
