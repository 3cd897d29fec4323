package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.CrossUserAccessContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The plain-Jetty example's notes policy over real HTTP: alice, bob and admin on every endpoint. */
class NotesServerCrossUserTest extends CrossUserAccessContract {

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
