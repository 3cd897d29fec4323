package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.NotesAppContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
