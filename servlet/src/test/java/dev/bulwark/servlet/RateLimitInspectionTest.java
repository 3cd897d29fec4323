package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit inspection and resets at {@code bulwark.rate-limit.inspect-path}, installed by the
 * drop-in initializer, over real HTTP on Jetty.
 */
class RateLimitInspectionTest {

  private static final Map<String, String> RULE =
      Map.of(
          "bulwark.rate-limit.enabled", "true",
          "bulwark.rate-limit.rules[0].name", "per-ip",
          "bulwark.rate-limit.rules[0].paths", "/api/**",
          "bulwark.rate-limit.rules[0].limits", "3/1h",
          "bulwark.rate-limit.rules[0].key", "ip");

  private final Map<String, String> set = new HashMap<>();

  private void configure(Map<String, String> properties) {
    properties.forEach(System::setProperty);
    set.putAll(properties);
  }

  @AfterEach
  void clear() {
    set.keySet().forEach(System::clearProperty);
  }

  @Test
  void aTrustedCallerInspectsAndResetsAKeysBucket() throws Exception {
    configure(RULE);
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      HttpResponse<String> rules = Http.get(server.uri("/bulwark/rate-limit"));
      assertThat(rules.statusCode()).isEqualTo(200);
      assertThat(rules.body()).isEqualTo("{\"enabled\":true,\"store\":\"local\",\"rules\":[\"per-ip\"]}");

      for (int i = 0; i < 3; i++) {
        assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      }
      assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(429);
      HttpResponse<String> exhausted = Http.get(server.uri("/bulwark/rate-limit/per-ip/ip:127.0.0.1"));
      assertThat(exhausted.statusCode()).isEqualTo(200);
      assertThat(exhausted.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(exhausted.body())
          .isEqualTo("{\"rule\":\"per-ip\",\"state\":\"rejected\",\"remaining\":0,\"retryAfterSeconds\":1200}")
          .doesNotContain("127.0.0.1");

      HttpResponse<String> reset = Http.send("DELETE", server.uri("/bulwark/rate-limit/per-ip/ip:127.0.0.1"), null);
      assertThat(reset.statusCode()).isEqualTo(204);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).as("the bucket is full again").isEqualTo(200);
    }
  }

  @Test
  void aKeyMayHoldSlashesAndIsNeverEchoed() throws Exception {
    configure(RULE);
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      HttpResponse<String> network = Http.get(server.uri("/bulwark/rate-limit/per-ip/ip:2001:db8:0:1::/64"));
      assertThat(network.statusCode()).isEqualTo(200);
      assertThat(network.body()).contains("\"remaining\":3").doesNotContain("2001").doesNotContain("/64");
      assertThat(Http.send("DELETE", server.uri("/bulwark/rate-limit/per-ip/ip:2001:db8:0:1::/64"), null).statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void anUnknownRuleIsA404ProblemThatDoesNotRepeatTheName() throws Exception {
    configure(RULE);
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      for (String method : new String[] {"GET", "DELETE"}) {
        HttpResponse<String> unknown = Http.send(method, server.uri("/bulwark/rate-limit/no-such-rule/ip:127.0.0.1"), null);
        assertThat(unknown.statusCode()).as(method).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("unknown-rate-limit-rule").doesNotContain("no-such-rule").doesNotContain("127.0.0.1");
      }
    }
  }

  @Test
  void aCallerOutsideTheTrustedRangesIsRefused() throws Exception {
    configure(RULE);
    configure(Map.of("bulwark.rate-limit.inspect-trusted-addresses", "192.0.2.0/24"));
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      HttpResponse<String> inspect = Http.get(server.uri("/bulwark/rate-limit/per-ip/ip:127.0.0.1"));
      assertThat(inspect.statusCode()).isEqualTo(403);
      assertThat(inspect.body()).doesNotContain("remaining");
      assertThat(Http.send("DELETE", server.uri("/bulwark/rate-limit/per-ip/ip:127.0.0.1"), null).statusCode()).isEqualTo(403);
      assertThat(Http.get(server.uri("/bulwark/rate-limit")).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void theInspectPathIsASetting() throws Exception {
    configure(RULE);
    configure(Map.of("bulwark.rate-limit.inspect-path", "/ops/buckets"));
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      assertThat(Http.get(server.uri("/ops/buckets/per-ip/ip:127.0.0.1")).body()).contains("\"remaining\":3");
      assertThat(Http.get(server.uri("/bulwark/rate-limit/per-ip/ip:127.0.0.1")).statusCode()).isEqualTo(404);
    }
  }
}
