package dev.bulwark.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.ResponseKind;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Observe mode over the real assembly: every refusal a stage gives is let through, counted as
 * would_refuse and listed in the adoption report with its advice; the same request is refused in
 * enforce mode, so the difference is the mode alone.
 */
class ObserveModeTest {

  private static Assembly assembly(String mode, String... settings) {
    Map<String, String> properties = new HashMap<>();
    properties.put("bulwark.mode", mode);
    properties.put("bulwark.host.allowed", "app.example.com");
    for (int i = 0; i < settings.length; i += 2) {
      properties.put(settings[i], settings[i + 1]);
    }
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(properties, "test"));
    return Assembly.compile(config, new SecurityEvents());
  }

  private static Verdict admit(Assembly assembly, TestRequest request) {
    Exchange exchange = assembly.pipeline().begin(request, new TestRequest.Headers());
    Verdict verdict = assembly.pipeline().admit(exchange);
    assembly.pipeline().end(exchange, verdict.continues() ? 200 : verdict.status());
    return verdict;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> refusals(Assembly assembly) {
    return (List<Map<String, Object>>) assembly.adoption().toMap().get("refusals");
  }

  @Test
  void aHostNotAllowedIsLetThroughAndListed() {
    Assembly enforcing = assembly("enforce");
    Assembly observing = assembly("observe");

    assertThat(admit(enforcing, TestRequest.get("/owners/42").host("evil.example.net")).status()).isEqualTo(400);
    assertThat(admit(observing, TestRequest.get("/owners/42").host("evil.example.net")).continues()).isTrue();

    assertThat(observing.events().count(SecurityEvent.WOULD_REFUSE)).isEqualTo(1);
    assertThat(observing.events().count(SecurityEvent.HOST_REJECTED)).isZero();
    assertThat(refusals(observing))
        .singleElement()
        .satisfies(row -> {
          assertThat(row).containsEntry("protection", "host").containsEntry("reason", "host-not-allowed");
          assertThat(row).containsEntry("route", "/owners/{id}").containsEntry("method", "GET").containsEntry("count", 1L);
          assertThat((String) row.get("advice")).contains("bulwark.host.allowed");
        });
  }

  @Test
  void crossSitePostsUrlsTooLongAndRateLimitsAreEachListedWithTheirSetting() {
    Assembly observing =
        assembly(
            "observe",
            "bulwark.rate-limit.enabled", "true",
            "bulwark.rate-limit.rules[0].name", "tight",
            "bulwark.rate-limit.rules[0].limits", "1/1m",
            "bulwark.limits.max-url-length", "64");
    TestRequest crossSite =
        TestRequest.post("/owners/7/edit").header("Origin", "https://other.example").header("Sec-Fetch-Site", "cross-site");
    assertThat(admit(observing, crossSite).continues()).isTrue();
    assertThat(admit(observing, TestRequest.of("GET", "/search", "q=" + "x".repeat(100))).continues()).isTrue();
    assertThat(admit(observing, TestRequest.get("/owners")).continues()).isTrue();
    assertThat(admit(observing, TestRequest.get("/owners")).continues()).isTrue();

    assertThat(refusals(observing))
        .extracting(row -> row.get("protection") + " " + row.get("reason") + " " + row.get("route"))
        .contains(
            "cross-site cross-site-request /owners/{id}/edit",
            "request-limits url-too-long /search",
            "rate-limit tight /owners");
    // Each request let through goes on to the later stages, so the first one took the rule's only
    // token and every later one would have been refused by it too.
    assertThat(refusals(observing))
        .filteredOn(row -> "rate-limit".equals(row.get("protection")) && "/owners".equals(row.get("route")))
        .singleElement()
        .satisfies(row -> {
          assertThat(row).containsEntry("count", 2L).containsEntry("status", 429);
          assertThat((String) row.get("advice")).contains("'tight'").contains("safelist");
        });
    assertThat(observing.events().count(SecurityEvent.RATE_LIMITED)).isZero();
    assertThat(observing.events().count(SecurityEvent.CROSS_SITE_BLOCKED)).isZero();
  }

  @Test
  void enforceModeRefusesWhatObserveModeLetsThrough() {
    Assembly enforcing = assembly("enforce", "bulwark.limits.max-url-length", "64");
    Verdict verdict = admit(enforcing, TestRequest.of("GET", "/search", "q=" + "x".repeat(100)));
    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.REFUSE);
    assertThat(verdict.status()).isEqualTo(414);
    assertThat(refusals(enforcing)).isEmpty();
    assertThat(enforcing.events().count(SecurityEvent.WOULD_REFUSE)).isZero();
  }

  @Test
  void observeModeSendsCspReportOnlyAndWithholdsHeadersThatChangeAPage() {
    Assembly observing = assembly("observe");
    TestRequest.Headers headers = new TestRequest.Headers();
    Exchange exchange = observing.pipeline().begin(TestRequest.get("/"), headers);
    exchange.headerPolicy().apply(ResponseKind.HTML, true, false, exchange.nonce(), headers);

    assertThat(headers.values).containsKey("Content-Security-Policy-Report-Only").doesNotContainKey("Content-Security-Policy");
    assertThat(headers.values.get("Content-Security-Policy-Report-Only")).contains("script-src").contains("report-uri");
    assertThat(headers.values)
        .doesNotContainKeys(
            "X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Strict-Transport-Security",
            "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> withheld = (List<Map<String, Object>>) observing.adoption().toMap().get("withheldHeaders");
    assertThat(withheld).extracting(row -> row.get("header")).contains("X-Frame-Options", "Permissions-Policy", "Referrer-Policy");

    TestRequest.Headers enforced = new TestRequest.Headers();
    Assembly enforcing = assembly("enforce");
    Exchange plain = enforcing.pipeline().begin(TestRequest.get("/"), enforced);
    plain.headerPolicy().apply(ResponseKind.HTML, true, false, plain.nonce(), enforced);
    assertThat(enforced.values).containsKeys("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy");
  }

  @Test
  void aBodyPastItsLimitIsReadOnInObserveModeAndListed() throws Exception {
    Assembly observing = assembly("observe", "bulwark.limits.max-body-bytes", "10");
    Exchange exchange = observing.pipeline().begin(
        TestRequest.post("/notes").header("Transfer-Encoding", "chunked").header("Content-Type", "text/plain"),
        new TestRequest.Headers());
    assertThat(observing.pipeline().admit(exchange).continues()).isTrue();
    byte[] body = "more than ten bytes of text".getBytes(StandardCharsets.UTF_8);
    observing.requestLimits().meter(exchange).read(body, 0, body.length);
    observing.pipeline().end(exchange, 200);

    assertThat(exchange.bodyFailure()).isNull();
    assertThat(refusals(observing))
        .extracting(row -> row.get("protection") + " " + row.get("reason"))
        .containsExactly("request-limits body-too-large");
  }

  @Test
  void cspReportsOfEitherFormatAreGroupedWithAdvice() {
    Assembly observing = assembly("observe");
    String classic =
        "{\"csp-report\":{\"document-uri\":\"https://app.example.com/owners/12?x=secret\",\"effective-directive\":\"script-src-elem\","
            + "\"blocked-uri\":\"inline\",\"script-sample\":\"setTimeout(function(){\"}}";
    String batch =
        "[{\"type\":\"csp-violation\",\"url\":\"https://app.example.com/\",\"body\":{\"documentURL\":\"https://app.example.com/owners/13\","
            + "\"effectiveDirective\":\"script-src-elem\",\"blockedURL\":\"inline\",\"disposition\":\"report\"}},"
            + "{\"type\":\"csp-violation\",\"body\":{\"documentURL\":\"https://app.example.com/\",\"effectiveDirective\":\"img-src\","
            + "\"blockedURL\":\"https://cdn.example.net/a/b.png?token=1\",\"disposition\":\"report\"}}]";
    observing.cspReports().received(classic.getBytes(StandardCharsets.UTF_8), classic.length());
    observing.cspReports().received(batch.getBytes(StandardCharsets.UTF_8), batch.length());

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) observing.adoption().toMap().get("cspViolations");
    assertThat(violations).hasSize(2);
    assertThat(violations.get(0))
        .containsEntry("directive", "script-src-elem")
        .containsEntry("blocked", "inline")
        .containsEntry("page", "/owners/{id}")
        .containsEntry("count", 2L)
        .containsEntry("sample", "setTimeout(function(){");
    assertThat((String) violations.get(0).get("advice")).contains("nonce").contains("template-nonces");
    assertThat(violations.get(1)).containsEntry("blocked", "https://cdn.example.net");
    assertThat((String) violations.get(1).get("advice")).contains("Add https://cdn.example.net to img-src");
    assertThat(observing.adoption().toJson()).doesNotContain("secret").doesNotContain("token=1");
    assertThat(observing.events().count(SecurityEvent.CSP_VIOLATION)).isEqualTo(3);
  }
}
