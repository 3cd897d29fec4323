package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.metrics.MetricsConfig;
import dev.bulwark.servlet.internal.PrometheusServlet;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** http.server.requests and the Prometheus endpoint, installed by the drop-in initializer. */
class RequestMetricsTest {

  @Test
  void requestsAreTimedByRouteWithBoundedCardinality() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      for (int i = 0; i < 3; i++) {
        Http.get(server.uri("/api/json"));
      }
      for (int i = 0; i < 50; i++) {
        Http.get(server.uri("/random/" + UUID.randomUUID()));
      }
      Http.get(server.uri("/app.css"));
      assertThat(Http.get(server.uri("/metrics"), "X-Forwarded-For", "203.0.113.5").statusCode())
          .as("loopback relaying an outsider through an unlisted proxy is not trusted")
          .isEqualTo(403);
      HttpResponse<String> scrape = Http.get(server.uri("/metrics"));
      assertThat(scrape.statusCode()).isEqualTo(200);
      String body = scrape.body();
      assertThat(body).contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/json\"} 3");
      assertThat(body).contains("uri=\"NOT_FOUND\"").contains("uri=\"/**\"").doesNotContain("/random/");
      assertThat(body).contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/json\",le=");
      assertThat(body).contains("bulwark_security_events_total{event=\"cross_site_blocked\"}");
      Set<String> uris = new TreeSet<>();
      Matcher matcher = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"").matcher(body);
      while (matcher.find()) {
        uris.add(matcher.group(1));
      }
      assertThat(uris).as("one series per route, not per path").hasSizeLessThanOrEqualTo(4);
    }
  }

  @Test
  void refusalsAndFailingHandlersAreCountedWithTheStatusTheClientGot() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      assertThat(Http.get(server.uri("/boom")).statusCode()).isEqualTo(500);
      HttpResponse<String> crossSite =
          Http.send("POST", server.uri("/api/json"), "{}", "Content-Type", "application/json",
              "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      String body = Http.get(server.uri("/metrics")).body();
      assertThat(body)
          .as("the 500 Bulwark wrote for the handler's exception, not the 200 set before it")
          .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/boom\"} 1")
          .doesNotContain("status=\"200\",uri=\"/boom\"");
      assertThat(body)
          .as("a request Bulwark refused before the application saw it")
          .contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"403\",uri=\"/api/json\"} 1");
    }
  }

  @Test
  void theScrapeEndpointRefusesUntrustedCallers() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsConfig config = new MetricsConfig(null, null, List.of("10.0.0.0/8"), null);
    try (JettyTestServer server = JettyTestServer.startWithServlet(new PrometheusServlet(registry, config), "/metrics")) {
      HttpResponse<String> response = Http.get(server.uri("/metrics"));
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).doesNotContain("jvm_");
    }
  }
}
