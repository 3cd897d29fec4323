package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileClientEndpointsContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Bulwark's own endpoints against oversized and trickled bodies, on the plain-Jetty example. */
class NotesServerHostileClientEndpointsTest extends HostileClientEndpointsContract {

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
  protected int port() {
    return server.port();
  }

  @Override
  protected List<String> ownEndpoints() {
    return List.of("/health/live", "/health/ready", "/health", "/metrics", "/readiness");
  }
}
