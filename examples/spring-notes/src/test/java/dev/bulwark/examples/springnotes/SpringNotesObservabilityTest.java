package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.observability.LogRedactionContract;
import dev.bulwark.examples.observability.ScrapeContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Spring example's Actuator metrics against the alert rules and the dashboard, its route
 * cardinality and its JSON logs, in a context of its own behind a proxy named on loopback.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"bulwark.client-ip.trusted-proxies=127.0.0.1/32", "spring.application.name=observability-test"})
class SpringNotesObservabilityTest implements ScrapeContract, LogRedactionContract {

  @LocalServerPort int port;

  @Override
  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  public String scrapePath() {
    return "/actuator/prometheus";
  }
}
