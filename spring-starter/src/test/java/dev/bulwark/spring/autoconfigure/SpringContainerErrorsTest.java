package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.events.SecurityEvents;
import dev.bulwark.servlet.ContainerErrorsContract;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.RawHttp;
import dev.bulwark.servlet.SafeErrorAssert;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Spring Boot's embedded Tomcat with the starter: what Tomcat refuses itself goes through Bulwark's
 * error report valve, what it hands to Spring Boot's {@code /error} page through the filter's error
 * dispatch, and what Spring MVC answers through the filter; all are problem documents.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringSecurityHeadersTest.App.class,
    properties = "bulwark.limits.max-body-bytes=1000")
class SpringContainerErrorsTest extends ContainerErrorsContract {

  @LocalServerPort int port;

  @Autowired SecurityEvents events;

  /** The starter's events bean, which the filter and the error report valve both count into. */
  @Override
  protected SecurityEvents events() {
    return events;
  }

  @Override
  protected int port() {
    return port;
  }

  @Override
  protected String targetRefusedAfterTheHeaders() {
    return "/" + MARKER + "/%";
  }

  @Test
  void traceRefusedByTomcatIsA405ProblemNotSpringBootsErrorPage() throws Exception {
    RawHttp.Response response = send("TRACE /api/" + MARKER + " HTTP/1.1");
    assertThat(response.status()).isEqualTo(405);
    SafeErrorAssert.assertProblem(response, MARKER);
    assertThat(response.text()).doesNotContain("timestamp").doesNotContain("\"path\"");
    assertThat(response.header("X-Request-Id")).isNotNull();
    assertStillServing();
  }

  @Test
  void springMvcNotFoundAndMethodNotAllowedAreProblemsThatEchoNothing() throws Exception {
    HttpResponse<String> missing = Http.get(URI.create("http://localhost:" + port + "/no/" + MARKER));
    assertThat(missing.statusCode()).isEqualTo(404);
    SafeErrorAssert.assertProblem(missing, MARKER);
    SecureHeadersAssert.assertApi(missing);

    HttpResponse<String> wrongMethod =
        Http.send("DELETE", URI.create("http://localhost:" + port + "/api/json?" + MARKER), null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    SafeErrorAssert.assertProblem(wrongMethod, MARKER);
    SecureHeadersAssert.assertApi(wrongMethod);
  }

  /** Spring Boot's error controller still answers a request for {@code /error} itself, without detail. */
  @Test
  void theErrorPathAskedDirectlyTellsNothing() throws Exception {
    HttpResponse<String> response = Http.get(URI.create("http://localhost:" + port + "/error?" + MARKER));
    assertThat(response.body())
        .doesNotContain(MARKER)
        .doesNotContain("\"trace\"")
        .doesNotContain("\"exception\"")
        .doesNotContain("\"message\"")
        .doesNotContain("\"path\"");
    SecureHeadersAssert.assertApi(response);
  }
}
