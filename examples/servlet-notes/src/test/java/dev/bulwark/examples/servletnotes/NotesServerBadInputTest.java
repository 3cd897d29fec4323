package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.BadInputContract;
import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bad-input contract against the plain-Jetty example, on an instance of its own. */
class NotesServerBadInputTest extends BadInputContract {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  @Override
  protected URI uri(String path) {
    return server.uri(path);
  }
}
