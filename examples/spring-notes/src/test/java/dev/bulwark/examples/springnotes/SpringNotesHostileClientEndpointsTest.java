package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileClientEndpointsContract;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bulwark's own endpoints against oversized and trickled bodies, on the Spring example (Tomcat). */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.application.name=hostile-client-endpoints-test")
class SpringNotesHostileClientEndpointsTest extends HostileClientEndpointsContract {

  @LocalServerPort int port;

  @Override
  protected int port() {
    return port;
  }

  @Override
  protected List<String> ownEndpoints() {
    return List.of(
        "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health", "/actuator/prometheus",
        "/actuator/bulwarkreadiness");
  }
}
