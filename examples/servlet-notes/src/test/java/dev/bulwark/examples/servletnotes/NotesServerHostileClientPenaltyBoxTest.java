package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.HostileClientPenaltyBoxContract;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain-Jetty example on an instance of its own, for issue #12's hostile-client contract. */
class NotesServerHostileClientPenaltyBoxTest extends HostileClientPenaltyBoxContract {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  @Override
  protected URI uri(String path) {
    return server.uri(path);
  }

  @Override
  protected List<String> probePaths() {
    return List.of("/health", "/health/live", "/health/ready", "/health/started");
  }
}
