package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.CrossUserAccessContract;
import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain-Jetty example's notes policy over real HTTP: alice, bob and admin on every endpoint. */
class NotesServerCrossUserTest extends CrossUserAccessContract {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  @Override
  protected URI uri(String path) {
    return server.uri(path);
  }
}
