package dev.bulwark.examples.springnotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.examples.notes.NotesClient;
import dev.bulwark.readiness.ReadinessException;
import dev.bulwark.servlet.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production-readiness report of the Spring example over real HTTP: served to admins at
 * {@code /actuator/bulwarkreadiness}, flagging a deliberately risky configuration, and the
 * example's {@code fail-on: high} refusing to start with one.
 */
class SpringNotesReadinessTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> findings(String body) {
    return (List<Map<String, Object>>) JSON.readValue(body, Map.class).get("findings");
  }

  private static List<Object> ids(String body) {
    return findings(body).stream().map(f -> f.get("id")).toList();
  }

  /** The example as shipped. */
  @Nested
  @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.application.name=readiness-defaults")
  class AsShipped {

    @LocalServerPort int port;

    private URI report() {
      return URI.create("http://localhost:" + port + "/actuator/bulwarkreadiness");
    }

    @Test
    void adminsReadTheReportOthersDoNot() throws Exception {
      HttpResponse<String> response = Http.get(report(), "Authorization", NotesClient.basic("admin"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Http.header(response, "Content-Type")).contains("json");
      @SuppressWarnings("unchecked")
      Map<String, Object> body = JSON.readValue(response.body(), Map.class);
      assertThat(body.get("failOn")).isEqualTo(List.of("high"));
      assertThat(body.get("protections").toString())
          .contains("id=security-headers, name=security headers, on=true")
          .contains("id=rate-limit, name=rate limiting, on=true");
      assertThat(findings(response.body()))
          .as("the example starts under its own fail-on: high, so it has no high finding")
          .allSatisfy(f -> assertThat(f.get("severity")).isNotEqualTo("high"));

      assertThat(Http.get(report()).statusCode()).isEqualTo(401);
      assertThat(Http.get(report(), "Authorization", NotesClient.basic("alice")).statusCode()).isEqualTo(403);
      assertThat(Http.get(URI.create("http://localhost:" + port + "/actuator/health")).statusCode())
          .as("probes stay open to the platform")
          .isEqualTo(200);
    }
  }

  /**
   * Security headers off, debug logging, every Actuator endpoint exposed: flagged. Fail-on is
   * lifted here so the application starts and the report can be read.
   */
  @Nested
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "spring.application.name=readiness-risky",
        "bulwark.headers.enabled=false",
        "debug=true",
        // Keeps the condition report debug=true prints out of the build log.
        "logging.level.org.springframework.boot.autoconfigure.logging=warn",
        "management.endpoints.web.exposure.include=*",
        "bulwark.readiness.fail-on=none"
      })
  class Risky {

    @LocalServerPort int port;

    @Test
    void theRiskySettingsAreFlaggedWithTheirFix() throws Exception {
      HttpResponse<String> response =
          Http.get(URI.create("http://localhost:" + port + "/actuator/bulwarkreadiness"), "Authorization", NotesClient.basic("admin"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"status\":\"findings\"");
      assertThat(ids(response.body())).contains("headers-disabled", "debug-logging");
      Map<String, Object> headers =
          findings(response.body()).stream().filter(f -> f.get("id").equals("headers-disabled")).findFirst().orElseThrow();
      assertThat(headers).containsEntry("severity", "high").containsEntry("failsStartup", false);
      assertThat((String) headers.get("fix")).startsWith("Remove bulwark.headers.enabled=false");
      assertThat(ids(response.body()))
          .as("exposure * is no finding here: Spring Security keeps /actuator/** for admins")
          .doesNotContain("actuator-exposed-unauthenticated");

      HttpResponse<String> page = Http.get(URI.create("http://localhost:" + port + "/"), "Authorization", NotesClient.basic("alice"));
      assertThat(Http.header(page, "Content-Security-Policy")).as("the headers really are off").isNull();
    }
  }

  @Test
  void theExamplesFailOnRefusesToStartARiskyConfiguration() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    // Command-line arguments, as an operator would pass them; they win over application.yml.
    String[] args = {"--server.port=" + port, "--spring.application.name=readiness-refused", "--bulwark.headers.enabled=false"};
    assertThatThrownBy(
            () -> {
              try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringNotesApplication.class).run(args)) {
                throw new AssertionError("started despite fail-on: high");
              }
            })
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("bulwark.readiness.fail-on=high matches 1 finding")
        .hasMessageContaining("[HIGH] headers-disabled")
        .hasMessageContaining("Fix: Remove bulwark.headers.enabled=false");
    assertThatThrownBy(() -> new Socket("localhost", port).close())
        .as("the check runs before the server takes requests")
        .isInstanceOf(ConnectException.class);
  }
}
