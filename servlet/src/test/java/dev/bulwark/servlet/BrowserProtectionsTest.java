package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.core.ConfigException;
import dev.bulwark.events.SecurityEvent;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** CORS, cross-site protection, Host, HSTS, redirects, reports and overrides over real HTTP (Jetty). */
class BrowserProtectionsTest {

  private static BulwarkConfig config(String... keyValues) {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return BulwarkConfigLoader.load(ConfigSource.fromMap(map, "test"));
  }

  private static void assertNoCorsHeaders(HttpResponse<?> response) {
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
  }

  @Test
  void allowedPreflightIsAnsweredWithoutCallingTheApp() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.cors.allowed-origins", "https://app.example.com"))) {
      HttpResponse<String> response =
          Http.send(
              "OPTIONS",
              server.uri("/api/json"),
              null,
              "Origin", "https://app.example.com",
              "Access-Control-Request-Method", "PUT",
              "Access-Control-Request-Headers", "content-type");
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(Http.header(response, "Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
      assertThat(Http.header(response, "Access-Control-Allow-Methods")).contains("PUT");
      assertThat(Http.header(response, "Access-Control-Allow-Headers")).isEqualTo("content-type");
      assertThat(Http.header(response, "Access-Control-Max-Age")).isEqualTo("1800");
      assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
      assertThat(Http.header(response, "Vary")).contains("Origin");
      SecureHeadersAssert.assertApi(response);
    }
  }

  @Test
  void disallowedPreflightsGet403WithoutCorsHeaders() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.cors.allowed-origins", "https://app.example.com"))) {
      String[][] cases = {
        {"https://evil.example", "PUT", "content-type"},
        {"https://app.example.com", "TRACE", "content-type"},
        {"https://app.example.com", "PUT", "x-secret-header"},
        {"null", "POST", ""},
      };
      for (String[] c : cases) {
        HttpResponse<String> response =
            Http.send("OPTIONS", server.uri("/api/json"), null,
                "Origin", c[0], "Access-Control-Request-Method", c[1], "Access-Control-Request-Headers", c[2].isEmpty() ? "accept" : c[2]);
        assertThat(response.statusCode()).as(String.join(" ", c)).isEqualTo(403);
        assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("cors-rejected").doesNotContain("evil");
        assertNoCorsHeaders(response);
        SecureHeadersAssert.assertApi(response);
      }
    }
  }

  @Test
  void actualRequestsGetCorsHeadersOnlyForAllowedOrigins() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.cors.allowed-origins", "https://*.example.com"))) {
      HttpResponse<String> allowed = Http.get(server.uri("/api/json"), "Origin", "https://app.example.com");
      assertThat(Http.header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
      assertThat(Http.header(allowed, "Vary")).contains("Origin");

      HttpResponse<String> other = Http.get(server.uri("/api/json"), "Origin", "https://example.com.evil.net");
      assertThat(other.statusCode()).isEqualTo(200);
      assertNoCorsHeaders(other);
      assertThat(Http.header(other, "Vary")).contains("Origin");
    }
  }

  @Test
  void crossSiteUnsafeRequestsFromBrowsersAreRefused() throws Exception {
    BulwarkFilter filter = new BulwarkFilter(BulwarkConfig.defaults());
    try (TestServer server = JettyTestServerAccess.start(filter)) {
      HttpResponse<String> fetchMetadata =
          Http.send("POST", server.uri("/api/json"), "{}", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
      assertThat(fetchMetadata.statusCode()).isEqualTo(403);
      assertThat(fetchMetadata.body()).contains("urn:bulwark:problem:cross-site-request").doesNotContain("evil");
      SecureHeadersAssert.assertApi(fetchMetadata);

      HttpResponse<String> oldBrowser = Http.send("PUT", server.uri("/api/json"), "{}", "Origin", "https://evil.example");
      assertThat(oldBrowser.statusCode()).isEqualTo(403);

      HttpResponse<String> sameSite =
          Http.send("POST", server.uri("/api/json"), "{}", "Sec-Fetch-Site", "same-site");
      assertThat(sameSite.statusCode()).as("same-site is still cross-origin").isEqualTo(403);

      assertThat(Http.send("POST", server.uri("/api/json"), "{}", "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(201);
      assertThat(Http.send("POST", server.uri("/api/json"), "{}", "Origin", "http://localhost:" + server.port()).statusCode()).isEqualTo(201);
      assertThat(Http.send("POST", server.uri("/api/json"), "{}").statusCode()).as("curl-like client").isEqualTo(201);
      assertThat(Http.get(server.uri("/api/json"), "Sec-Fetch-Site", "cross-site").statusCode()).as("safe method").isEqualTo(200);
      assertThat(filter.events().count(SecurityEvent.CROSS_SITE_BLOCKED)).isEqualTo(3);
    }
  }

  @Test
  void trustedOriginsAndBypassPathsAreExempt() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.cross-site.trusted-origins", "https://sso.example.com",
            "bulwark.cross-site.bypass-paths", "/api/**");
    try (TestServer server = JettyTestServer.start(config)) {
      assertThat(Http.send("POST", server.uri("/post-only"), "", "Sec-Fetch-Site", "cross-site", "Origin", "https://sso.example.com").statusCode())
          .isEqualTo(204);
      assertThat(Http.send("POST", server.uri("/api/json"), "{}", "Sec-Fetch-Site", "cross-site", "Origin", "https://other.example").statusCode())
          .isEqualTo(201);
      assertThat(Http.send("POST", server.uri("/post-only"), "", "Sec-Fetch-Site", "cross-site", "Origin", "https://other.example").statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void hostOutsideTheAllowListGets400() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.host.allowed", "notes.example.com,localhost"))) {
      HttpResponse<String> rejected = Http.get(server.uri("/api/json"), "Host", "attacker.example");
      assertThat(rejected.statusCode()).isEqualTo(400);
      assertThat(rejected.body()).contains("host-not-allowed").doesNotContain("attacker");
      SecureHeadersAssert.assertApi(rejected);
      assertThat(Http.get(server.uri("/api/json"), "Host", "notes.example.com").statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void httpsRedirectGoesToAnAllowedHostOnly() throws Exception {
    BulwarkConfig config = config("bulwark.host.allowed", "notes.example.com,localhost", "bulwark.host.https-redirect", "true");
    try (TestServer server = JettyTestServer.start(config)) {
      HttpResponse<String> redirected = Http.get(server.uri("/api/json?x=1"), "Host", "notes.example.com");
      assertThat(redirected.statusCode()).isEqualTo(308);
      assertThat(Http.header(redirected, "Location")).isEqualTo("https://notes.example.com/api/json?x=1");
      SecureHeadersAssert.assertApi(redirected);
      assertThat(Http.get(server.uri("/api/json"), "Host", "evil.example").statusCode()).isEqualTo(400);
      assertThat(Http.get(server.uri("/api/json")).statusCode()).as("localhost is never redirected").isEqualTo(200);
    }
  }

  @Test
  void redirectWithoutAllowListFailsStartUp() {
    assertThatThrownBy(() -> config("bulwark.host.https-redirect", "true"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bulwark.host")
        .hasMessageContaining("allowed");
  }

  @Test
  void hstsOnlyForHttpsThroughTrustedProxiesAndNeverOnLocalhost() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.client-ip.trusted-proxies", "127.0.0.1/32"))) {
      HttpResponse<String> secure =
          Http.get(server.uri("/page"), "Host", "notes.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
      assertThat(Http.header(secure, "Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
      assertThat(Http.header(secure, "Content-Security-Policy")).contains("upgrade-insecure-requests");

      HttpResponse<String> local = Http.get(server.uri("/page"), "X-Forwarded-Proto", "https");
      assertThat(local.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
    try (TestServer server = JettyTestServer.start(BulwarkConfig.defaults())) {
      HttpResponse<String> spoofed =
          Http.get(server.uri("/page"), "Host", "notes.example.com", "X-Forwarded-Proto", "https");
      assertThat(spoofed.headers().firstValue("Strict-Transport-Security"))
          .as("X-Forwarded-Proto from an untrusted peer is ignored")
          .isEmpty();
    }
  }

  @Test
  void underAContextPathReportsAreSentWhereTheReceiverListens() throws Exception {
    // spring-petclinic-rest runs under server.servlet.context-path=/petclinic/: report-uri /bulwark/csp-report
    // pointed browsers at the origin's root, outside the application, and no report ever arrived.
    BulwarkFilter filter = new BulwarkFilter(BulwarkConfig.defaults());
    try (TestServer server = JettyTestServer.startWith(filter, context -> context.setContextPath("/shop"))) {
      HttpResponse<String> page = Http.get(server.uri("/shop/page"));
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .endsWith("; report-uri /shop/bulwark/csp-report");
      String report = "{\"csp-report\":{\"document-uri\":\"http://localhost/shop/page\",\"effective-directive\":\"img-src\",\"blocked-uri\":\"data\"}}";
      HttpResponse<String> response = Http.send("POST", server.uri("/shop/bulwark/csp-report"), report,
          "Content-Type", "application/csp-report", "Sec-Fetch-Site", "same-origin");
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(filter.events().count(SecurityEvent.CSP_VIOLATION)).isEqualTo(1);
    }
  }

  @Test
  void cspReportsAreAcceptedAndCounted() throws Exception {
    BulwarkFilter filter = new BulwarkFilter(BulwarkConfig.defaults());
    try (TestServer server = JettyTestServerAccess.start(filter)) {
      String report = "{\"csp-report\":{\"document-uri\":\"http://localhost/page\",\"effective-directive\":\"script-src-elem\",\"blocked-uri\":\"https://evil.example/x.js?token=secret\"}}";
      for (int i = 0; i < 25; i++) {
        HttpResponse<String> response =
            Http.send("POST", server.uri("/bulwark/csp-report"), report, "Content-Type", "application/csp-report", "Sec-Fetch-Site", "same-origin");
        assertThat(response.statusCode()).isEqualTo(204);
      }
      assertThat(filter.events().count(SecurityEvent.CSP_VIOLATION)).isEqualTo(25);

      // The Reporting API's shape, for a policy that opts in with report-to csp-endpoint
      String batch =
          "[{\"type\":\"csp-violation\",\"age\":10,\"url\":\"http://localhost/page\",\"body\":"
              + "{\"effectiveDirective\":\"script-src-elem\",\"blockedURL\":\"inline\",\"disposition\":\"enforce\"}}]";
      HttpResponse<String> response =
          Http.send("POST", server.uri("/bulwark/csp-report"), batch, "Content-Type", "application/reports+json", "Sec-Fetch-Site", "same-origin");
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(filter.events().count(SecurityEvent.CSP_VIOLATION)).isEqualTo(26);
    }
  }

  @Test
  void perPathOverridesApply() throws Exception {
    BulwarkConfig config =
        config(
            "bulwark.paths[0].patterns", "/app.css",
            "bulwark.paths[0].cache-control", "public, max-age=3600",
            "bulwark.paths[1].patterns", "/page",
            "bulwark.paths[1].frame-options", "SAMEORIGIN");
    try (TestServer server = JettyTestServer.start(config)) {
      assertThat(Http.header(Http.get(server.uri("/app.css")), "Cache-Control")).isEqualTo("public, max-age=3600");
      assertThat(Http.header(Http.get(server.uri("/page")), "X-Frame-Options")).isEqualTo("SAMEORIGIN");
      assertThat(Http.header(Http.get(server.uri("/api/json")), "Cache-Control")).isEqualTo("no-store, max-age=0");
    }
  }

  @Test
  void disabledMeansUntouched() throws Exception {
    try (TestServer server = JettyTestServer.start(config("bulwark.enabled", "false"))) {
      HttpResponse<String> response = Http.get(server.uri("/leaky"));
      assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
      assertThat(Http.header(response, "X-Powered-By")).isEqualTo("PHP/5.2");
    }
  }

  @Test
  void riskyPolicyStopsStartUpUnlessAllowed() {
    assertThatThrownBy(() -> new BulwarkFilter(config("bulwark.headers.csp.html-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bulwark.headers.csp.html-policy")
        .hasMessageContaining("unsafe-inline");
    new BulwarkFilter(
        config(
            "bulwark.headers.csp.html-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'",
            "bulwark.headers.allow-risky", "unsafe-inline"));
  }

  @Test
  void dropInInitializerReadsBulwarkProperties() throws Exception {
    try (TestServer server = JettyTestServer.startWithInitializer()) {
      HttpResponse<String> response = Http.get(server.uri("/api/json"));
      assertThat(Http.header(response, "Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
      assertThat(Http.header(response, "Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }
  }
}
