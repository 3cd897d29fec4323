package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileClientEndpointsContract;
import java.util.List;
import org.junit.jupiter.api.Disabled;
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

  /**
   * Not yet on Tomcat: Actuator's web endpoints read a request body ({@code @RequestBody(required =
   * false)}) with a blocking read, so a body trickled under the size limit holds the request thread
   * until it ends or the connection times out. Bounding that needs a read deadline in the filter's
   * body wrapper (checked between reads); see docs/reliability.md.
   */
  @Override
  @Disabled("known gap: Actuator reads a trickled body with a blocking read (issue #12, own endpoints)")
  protected void ownEndpointsDoNotWaitForATrickledBody() {}

  @Override
  protected List<String> ownEndpoints() {
    return List.of(
        "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health", "/actuator/prometheus",
        "/actuator/bulwarkreadiness");
  }
}
