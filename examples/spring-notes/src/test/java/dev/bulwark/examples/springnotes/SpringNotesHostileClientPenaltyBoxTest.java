package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileClientPenaltyBoxContract;
import java.net.URI;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Anonymous challenges, concurrent guesses and the probes, in an application context of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=hostile-penalty-test")
class SpringNotesHostileClientPenaltyBoxTest extends HostileClientPenaltyBoxContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  protected List<String> probePaths() {
    return List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
  }
}
