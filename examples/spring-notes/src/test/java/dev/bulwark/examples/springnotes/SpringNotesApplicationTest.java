package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.NotesAppContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example over real HTTP, hardened by the starter with default settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringNotesApplicationTest extends NotesAppContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
