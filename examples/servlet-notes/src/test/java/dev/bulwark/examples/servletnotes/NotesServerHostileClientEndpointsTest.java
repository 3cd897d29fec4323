package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileClientEndpointsContract;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulwark's own endpoints against oversized and trickled bodies, on the plain-Jetty example. */
class NotesServerHostileClientEndpointsTest extends HostileClientEndpointsContract {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  @Override
  protected int port() {
    return server.port();
  }

  @Override
  protected List<String> ownEndpoints() {
    return List.of("/health/live", "/health/ready", "/health", "/metrics", "/readiness", "/bulwark/rate-limit/global/ip:192.0.2.1");
  }
}
