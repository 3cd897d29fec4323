package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.CrossUserAccessContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example's notes policy over real HTTP on Tomcat: alice, bob and admin on every endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringNotesCrossUserTest extends CrossUserAccessContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
