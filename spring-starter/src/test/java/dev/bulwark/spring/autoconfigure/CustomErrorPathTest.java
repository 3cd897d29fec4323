package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SafeErrorAssert;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The error path moved with {@code spring.web.error.path}: direct requests for the new path are
 * refused with the 404 problem, and the container's error dispatches to it still produce the
 * problems for a missing page and a failing handler.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringSecurityHeadersTest.App.class,
    properties = "spring.web.error.path=/oops")
class CustomErrorPathTest {

  private static final String MARKER = "Zq9Marker";

  @LocalServerPort int port;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Test
  void theMovedErrorPathAskedDirectlyIsTheNotFoundProblem() throws Exception {
    for (String path : new String[] {"/oops", "/oops/" + MARKER}) {
      HttpResponse<String> response = Http.get(uri(path));
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      SafeErrorAssert.assertProblem(response, MARKER);
      SecureHeadersAssert.assertApi(response);
    }
  }

  @Test
  void errorDispatchesToTheMovedPathStillAnswerWithProblems() throws Exception {
    HttpResponse<String> missing = Http.get(uri("/no/" + MARKER));
    assertThat(missing.statusCode()).isEqualTo(404);
    SafeErrorAssert.assertProblem(missing, MARKER);

    HttpResponse<String> boom = Http.get(uri("/boom"));
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(Http.header(boom, "Content-Type")).startsWith("application/problem+json");
    assertThat(boom.body()).contains("internal-error").doesNotContain("secret");
    SecureHeadersAssert.assertApi(boom);
  }
}
