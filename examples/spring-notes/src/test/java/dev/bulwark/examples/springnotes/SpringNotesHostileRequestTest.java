package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileRequestContract;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hostile-request contract against the Spring example on Tomcat, in an application context of
 * its own whose connection timeout is two seconds, so stalled clients are cut off quickly.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=hostile-request-test", "server.tomcat.connection-timeout=2s"})
class SpringNotesHostileRequestTest extends HostileRequestContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  protected Duration idleTimeout() {
    return Duration.ofSeconds(2);
  }
}
