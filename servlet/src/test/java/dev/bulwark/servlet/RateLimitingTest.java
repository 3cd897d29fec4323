package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limiting over real HTTP on Jetty, with the local store. */
class RateLimitingTest {

  private static BulwarkConfig config(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("bulwark.rate-limit.enabled", "true");
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return BulwarkConfigLoader.load(ConfigSource.fromMap(map, "test"));
  }

  /**
   * Issue #12: with a burst and a sustained bandwidth, the RateLimit field's r, t and policy item
   * must all describe the bandwidth that limits (here the hour, once it has run dry), not r from
   * one and t from the other.
   */
  @Test
  void theRateLimitFieldDescribesTheLimitingBandwidth() throws Exception {
    BulwarkFilter filter =
        new BulwarkFilter(config("bulwark.rate-limit.rules[0].name", "api", "bulwark.rate-limit.rules[0].limits", "5/1s,6/1h"));
    try (TestServer server = JettyTestServer.startWith(filter)) {
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      }
      Thread.sleep(1_200);
      HttpResponse<String> last = Http.get(server.uri("/api/json"));
      assertThat(last.statusCode()).isEqualTo(200);
      String field = Http.header(last, "RateLimit");
      assertThat(field).startsWith("\"api-1h\";r=0;t=");
      assertThat(Long.parseLong(field.substring(field.indexOf(";t=") + 3))).as("the hour's refill, not the second's").isGreaterThan(3000);
      HttpResponse<String> refused = Http.get(server.uri("/api/json"));
      assertThat(refused.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(Http.header(refused, "Retry-After"));
      assertThat(retryAfter).as("one token of the hour comes back every 600 s").isBetween(500L, 600L);
      assertThat(Http.header(refused, "RateLimit")).isEqualTo("\"api-1h\";r=0;t=" + retryAfter);
    }
  }

  @Test
  void overTheLimitGetsA429ProblemWithTheStandardFields() throws Exception {
    BulwarkFilter filter =
        new BulwarkFilter(config("bulwark.rate-limit.rules[0].name", "api", "bulwark.rate-limit.rules[0].limits", "3/1m,100/1h"));
    try (TestServer server = JettyTestServer.startWith(filter)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> allowed = Http.get(server.uri("/api/json"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(Http.header(allowed, "RateLimit-Policy")).isEqualTo("\"api-1m\";q=3;w=60, \"api-1h\";q=100;w=3600");
        assertThat(Http.header(allowed, "RateLimit")).startsWith("\"api-1m\";r=" + (2 - i) + ";t=");
      }
      HttpResponse<String> refused = Http.get(server.uri("/api/json"));
      assertThat(refused.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(Http.header(refused, "Retry-After"));
      assertThat(retryAfter).isBetween(1L, 60L);
      assertThat(Http.header(refused, "RateLimit")).isEqualTo("\"api-1m\";r=0;t=" + retryAfter);
      assertThat(Http.header(refused, "Content-Type")).startsWith("application/problem+json");
      assertThat(refused.body())
          .contains("\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"")
          .contains("\"status\":429")
          .doesNotContain("127.0.0.1");
      SecureHeadersAssert.assertApi(refused);
      assertThat(filter.events().count(SecurityEvent.RATE_LIMITED)).isEqualTo(1);
      assertThat(filter.rateLimiter().stats().decisions("api", RateLimitDecision.Outcome.REJECTED)).isEqualTo(1);
    }
  }

  @Test
  void clientsBehindATrustedProxyHaveTheirOwnBucketsAndCannotSpoofNewOnes() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.client-ip.trusted-proxies", "127.0.0.1/32",
            "bulwark.rate-limit.rules[0].name", "api",
            "bulwark.rate-limit.rules[0].limits", "2/1h");
    try (TestServer server = JettyTestServer.start(config)) {
      for (int i = 0; i < 2; i++) {
        assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
      }
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "spoofed-by-client, 198.51.100.7").statusCode())
          .as("left-most values are the client's own invention")
          .isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "203.0.113.9, 198.51.100.7").statusCode()).isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "198.51.100.8").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "not an address").statusCode())
          .as("garbage from the proxy falls back to the proxy's own address, never a crash")
          .isEqualTo(200);
    }
  }

  @Test
  void ipv6ClientsAreGroupedByPrefix() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.client-ip.trusted-proxies", "127.0.0.1/32",
            "bulwark.rate-limit.rules[0].name", "api",
            "bulwark.rate-limit.rules[0].limits", "2/1h");
    try (TestServer server = JettyTestServer.start(config)) {
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "2001:db8:1:2::1").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "2001:db8:1:2:ffff::9").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "[2001:db8:1:2::abcd]:4711").statusCode())
          .as("same /64")
          .isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "2001:db8:1:3::1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void apiKeysHaveTheirOwnBucketsAndMissingKeysFallBackToTheAddress() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.rate-limit.rules[0].name", "keys",
            "bulwark.rate-limit.rules[0].limits", "1/1h",
            "bulwark.rate-limit.rules[0].key", "header:X-Api-Key");
    try (TestServer server = JettyTestServer.start(config)) {
      assertThat(Http.get(server.uri("/api/json"), "X-Api-Key", "k1").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json"), "X-Api-Key", "k1").statusCode()).isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json"), "X-Api-Key", "k2").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).as("no key: the address's bucket").isEqualTo(429);
    }
  }

  @Test
  void onlyCountedResponsesConsumeAndThePenaltyBoxBlocks() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.rate-limit.rules[0].name", "failures",
            "bulwark.rate-limit.rules[0].limits", "100/1h",
            "bulwark.rate-limit.rules[0].count-statuses", "405",
            "bulwark.rate-limit.rules[0].penalty.failures", "3",
            "bulwark.rate-limit.rules[0].penalty.block", "10m");
    try (TestServer server = JettyTestServer.start(config)) {
      for (int i = 0; i < 10; i++) {
        assertThat(Http.get(server.uri("/api/json")).statusCode()).as("successes are not counted").isEqualTo(200);
      }
      for (int i = 0; i < 4; i++) {
        assertThat(Http.get(server.uri("/post-only")).statusCode()).isEqualTo(405);
      }
      HttpResponse<String> blocked = Http.get(server.uri("/api/json"));
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(Http.header(blocked, "Retry-After"))).isBetween(590L, 600L);
      assertThat(blocked.body()).contains("blocked");
    }
  }

  @Test
  void shadowRulesNeverRefuse() throws Exception {
    BulwarkFilter filter =
        new BulwarkFilter(
            config(
                "bulwark.rate-limit.rules[0].name", "trial",
                "bulwark.rate-limit.rules[0].limits", "1/1h",
                "bulwark.rate-limit.rules[0].shadow", "true"));
    try (TestServer server = JettyTestServer.startWith(filter)) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = Http.get(server.uri("/api/json"));
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(Http.header(Http.get(server.uri("/api/json")), "RateLimit")).contains(";r=0;");
      assertThat(filter.events().count(SecurityEvent.RATE_LIMITED_SHADOW)).isEqualTo(5);
    }
  }

  @Test
  void safelistedAddressesPassAndBlocklistedOnesGet403() throws Exception {
    BulwarkConfig safe =
        config("bulwark.rate-limit.safelist", "127.0.0.0/8", "bulwark.rate-limit.rules[0].name", "api", "bulwark.rate-limit.rules[0].limits", "1/1h");
    try (TestServer server = JettyTestServer.start(safe)) {
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      }
    }
    try (TestServer server = JettyTestServer.start(config("bulwark.rate-limit.blocklist", "127.0.0.1"))) {
      HttpResponse<String> response = Http.get(server.uri("/api/json"));
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("address-blocked");
      SecureHeadersAssert.assertApi(response);
    }
  }

  @Test
  void rulesApplyOnlyToTheirPathsAndMethods() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.rate-limit.rules[0].name", "writes",
            "bulwark.rate-limit.rules[0].paths", "/api/**",
            "bulwark.rate-limit.rules[0].methods", "post",
            "bulwark.rate-limit.rules[0].limits", "1/1h");
    try (TestServer server = JettyTestServer.start(config)) {
      assertThat(Http.send("POST", server.uri("/api/json"), "{}").statusCode()).isEqualTo(201);
      assertThat(Http.send("POST", server.uri("/api/json"), "{}").statusCode()).isEqualTo(429);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json")).headers().firstValue("RateLimit")).isEmpty();
    }
  }

  @Test
  void defaultRulesApplyWhenNoneAreConfigured() throws Exception {
    BulwarkFilter filter = new BulwarkFilter(config());
    try (TestServer server = JettyTestServer.startWith(filter)) {
      HttpResponse<String> response = Http.get(server.uri("/api/json"));
      assertThat(Http.header(response, "RateLimit-Policy")).contains("\"global-1s\";q=100;w=1").contains("\"global-1m\";q=3000;w=60");
      assertThat(filter.rateLimiter().stats().rules()).containsExactly("global", "static", "login", "auth-failures");
    }
  }

  /**
   * Issue #14: one page view of spring-petclinic used 9 tokens of the per-address bucket, one per
   * stylesheet, script and image. Static files now count against the static rule only: a page
   * that loads 60 files costs one global token, and the files are still counted, by the static
   * rule.
   */
  @Test
  void aPageViewCostsOneGlobalTokenHoweverManyStaticFilesItLoads() throws Exception {
    BulwarkFilter filter = new BulwarkFilter(config());
    String[] assets = {
      "/css/site.css", "/js/site.js", "/images/logo.svg", "/webjars/bootstrap/5.3.3/css/bootstrap.min.css", "/favicon.ico"
    };
    try (TestServer server = JettyTestServer.startWith(filter)) {
      assertThat(Http.get(server.uri("/page")).statusCode()).isEqualTo(200);
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> files = new java.util.ArrayList<>();
      for (int i = 0; i < 60; i++) {
        files.add(client.sendAsync(
            java.net.http.HttpRequest.newBuilder(server.uri(assets[i % assets.length])).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (var file : files) {
        HttpResponse<String> response = file.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.uri().getPath()).isEqualTo(200);
        assertThat(Http.header(response, "RateLimit-Policy")).as("static files are counted by the static rule").contains("\"static-1s\";q=300");
      }
      var stats = filter.rateLimiter().stats();
      assertThat(stats.decisions("global", RateLimitDecision.Outcome.ALLOWED)).as("global tokens taken: the page's").isEqualTo(1);
      assertThat(stats.decisions("static", RateLimitDecision.Outcome.ALLOWED)).as("static tokens taken: the files'").isEqualTo(60);
    }
  }

  @Test
  void hostileKeysAndForwardedHeadersNeverCauseA500() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.client-ip.trusted-proxies", "127.0.0.1/32",
            "bulwark.rate-limit.rules[0].name", "keys",
            "bulwark.rate-limit.rules[0].limits", "1000/1h",
            "bulwark.rate-limit.rules[0].key", "header:X-Api-Key,ip");
    String hugeKey = "k".repeat(6000);
    String longChain = String.join(", ", java.util.Collections.nCopies(500, "10.0.0.1")) + ", 198.51.100.1";
    String[][] hostile = {
      {"X-Api-Key", hugeKey},
      {"X-Api-Key", "'\"<script>\\"},
      {"X-Forwarded-For", longChain},
      {"X-Forwarded-For", "[::1, ::ffff:1.2.3.4]:x, ,,,"},
      {"X-Forwarded-For", "999.999.999.999"},
      {"X-Forwarded-For", "2001:db8::1%eth0"},
      {"Forwarded", "for=\"[2001:db8::1]:80\";proto=https;for="},
    };
    try (TestServer server = JettyTestServer.start(config)) {
      for (String[] header : hostile) {
        HttpResponse<String> response = Http.get(server.uri("/api/json"), header[0], header[1]);
        assertThat(response.statusCode()).as(header[0] + ": " + header[1].substring(0, Math.min(40, header[1].length()))).isIn(200, 400, 429, 431);
        assertThat(response.body()).doesNotContain(hugeKey.substring(0, 100));
      }
      assertThat(Http.get(server.uri("/api/json")).statusCode()).as("still serving").isEqualTo(200);
    }
  }
}
