package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.PenaltyBoxContract;
import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The servlet example's built-in penalty box, on an instance of its own. */
class NotesServerRateLimitTest extends PenaltyBoxContract {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  @Override
  protected URI uri(String path) {
    return server.uri(path);
  }
}
