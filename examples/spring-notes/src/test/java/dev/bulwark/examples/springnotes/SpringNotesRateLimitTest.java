package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.PenaltyBoxContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example's built-in penalty box, in an application context of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=penalty-box-test")
class SpringNotesRateLimitTest extends PenaltyBoxContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
