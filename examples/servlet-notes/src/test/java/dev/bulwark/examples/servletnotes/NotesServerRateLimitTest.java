package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.PenaltyBoxContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The servlet example's built-in penalty box, on an instance of its own. */
class NotesServerRateLimitTest extends PenaltyBoxContract {

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
}
