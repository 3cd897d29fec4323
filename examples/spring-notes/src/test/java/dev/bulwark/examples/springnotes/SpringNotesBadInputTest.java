package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.BadInputContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The bad-input contract against the Spring example on Tomcat, in an application context of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=bad-input-test")
class SpringNotesBadInputTest extends BadInputContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
