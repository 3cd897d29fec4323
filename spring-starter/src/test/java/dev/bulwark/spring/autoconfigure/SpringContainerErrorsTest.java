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

  /**
   * A client asking for the error path itself (or anything under it) gets the 404 an unknown path
   * gets, not the error controller's 500 with Spring Boot's body; the error dispatches above still
   * reach that controller's path.
   */
  @Test
  void theErrorPathAskedDirectlyIsTheNotFoundProblem() throws Exception {
    for (String target : new String[] {"/error?" + MARKER, "/error/" + MARKER, "/error/", "/error;x=" + MARKER}) {
      HttpResponse<String> response = Http.get(URI.create("http://localhost:" + port + target));
      assertThat(response.statusCode()).as(target).isEqualTo(404);
      SafeErrorAssert.assertProblem(response, MARKER);
      assertThat(response.body()).as(target).contains("\"title\":\"Not Found\"").doesNotContain("timestamp");
      assertThat(Http.header(response, "X-Request-Id")).as(target).isNotNull();
      SecureHeadersAssert.assertApi(response);
    }
    HttpResponse<String> posted =
        Http.send("POST", URI.create("http://localhost:" + port + "/error"), "{}", "Content-Type", "application/json");
    assertThat(posted.statusCode()).isEqualTo(404);
    SafeErrorAssert.assertProblem(posted);

    RawHttp.Response page = send("GET /error HTTP/1.1", "Accept: text/html");
    assertThat(page.status()).isEqualTo(404);
    SafeErrorAssert.assertHtmlPage(page);
    assertThat(page.text()).doesNotContain("Whitelabel");
  }
}
