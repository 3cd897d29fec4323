package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileClientAddressContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The client-address contract against the servlet example on Jetty, on an instance of its own
 * started with the contract's settings as system properties (which override bulwark.properties).
 */
class NotesServerHostileClientAddressTest extends HostileClientAddressContract {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    SETTINGS.forEach(System::setProperty);
    try {
      server = NotesServer.start(0, name -> null);
    } finally {
      SETTINGS.keySet().forEach(System::clearProperty);
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
