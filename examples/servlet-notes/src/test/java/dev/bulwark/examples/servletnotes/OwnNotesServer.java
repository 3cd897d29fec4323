package dev.bulwark.examples.servletnotes;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servlet example on an instance of its own for one test class, started before its tests and
 * stopped after them: {@code @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();}.
 */
final class OwnNotesServer implements BeforeAllCallback, AfterAllCallback {

  private NotesServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = NotesServer.start(0, name -> null);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
  }

  int port() {
    return server.port();
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
