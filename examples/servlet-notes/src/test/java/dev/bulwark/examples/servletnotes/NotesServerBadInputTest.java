package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.BadInputContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The bad-input contract against the plain-Jetty example, on an instance of its own. */
class NotesServerBadInputTest extends BadInputContract {

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
