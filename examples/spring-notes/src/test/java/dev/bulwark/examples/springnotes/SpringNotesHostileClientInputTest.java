package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileClientInputContract;
import java.net.URI;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Malformed headers, methods and framing against the Spring example on Tomcat. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=hostile-input-test")
class SpringNotesHostileClientInputTest extends HostileClientInputContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  protected List<String> probePaths() {
    return List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
  }

  @Override
  protected String scrapePath() {
    return "/actuator/prometheus";
  }
}
