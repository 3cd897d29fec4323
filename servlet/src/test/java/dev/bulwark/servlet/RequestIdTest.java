package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request ids over real HTTP: on every response and in every problem document. */
class RequestIdTest {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = JettyTestServer.start(BulwarkConfig.defaults());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void everyResponseCarriesAGeneratedId() throws Exception {
    HttpResponse<String> first = Http.get(server.uri("/api/json"));
    HttpResponse<String> second = Http.get(server.uri("/api/json"));
    assertThat(Http.header(first, "X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(Http.header(first, "X-Request-Id")).isNotEqualTo(Http.header(second, "X-Request-Id"));
  }

  @Test
  void aValidIncomingIdOrTraceIdIsKept() throws Exception {
    assertThat(Http.header(Http.get(server.uri("/api/json"), "X-Request-Id", "lb-7f3a"), "X-Request-Id")).isEqualTo("lb-7f3a");
    assertThat(Http.header(
            Http.get(server.uri("/api/json"), "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            "X-Request-Id"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void aHostileIncomingIdIsReplacedNotEchoed() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/no/such"), "X-Request-Id", "<script>alert(1)</script>");
    assertThat(Http.header(response, "X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(response.body()).doesNotContain("script");
  }

  @Test
  void twoIncomingIdsOrTraceContextsAreBothIgnored() throws Exception {
    HttpResponse<String> ids = Http.get(server.uri("/no/such"), "X-Request-Id", "from-proxy", "X-Request-Id", "from-client");
    assertThat(Http.header(ids, "X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(ids.body()).doesNotContain("from-proxy", "from-client");
    HttpResponse<String> traces =
        Http.get(server.uri("/api/json"),
            "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(Http.header(traces, "X-Request-Id")).matches("[0-9a-f]{32}").isNotIn("4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void problemsCarryTheRequestId() throws Exception {
    HttpResponse<String> missing = Http.get(server.uri("/no/such"), "X-Request-Id", "trace-me-1");
    assertThat(missing.body()).contains("\"requestId\":\"trace-me-1\"");
    HttpResponse<String> boom = Http.get(server.uri("/boom"));
    assertThat(boom.body()).contains("\"requestId\":\"" + Http.header(boom, "X-Request-Id") + "\"");
    HttpResponse<String> page = Http.get(server.uri("/no/such"), "Accept", "text/html", "X-Request-Id", "trace-me-2");
    assertThat(page.body()).contains("<code>trace-me-2</code>");
  }
}
