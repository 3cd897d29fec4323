package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.internal.JsonReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

  private static BulwarkConfig config(Map<String, String> values) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
  }

  private static ReadinessReport report(Map<String, String> values, ReadinessCheck... checks) {
    return Readiness.evaluate(new ReadinessContext(config(values), List.of(), name -> null), List.of(checks));
  }

  @Test
  void aCleanReportListsEveryProtection() {
    ReadinessReport report = report(Map.of("bulwark.rate-limit.enabled", "true"));
    assertThat(report.clean()).isTrue();
    assertThat(report.status()).isEqualTo("clean");
    assertThat(report.protections())
        .extracting(Protection::id)
        .containsExactly(
            "security-headers", "content-security-policy", "hsts", "cors", "cross-site", "host-allow-list",
            "https-redirect", "rate-limit", "request-limits", "request-ids");
    String block = report.toLogBlock();
    assertThat(block).startsWith("Bulwark production-readiness report: no findings (fail-on: none)");
    assertThat(block).containsPattern("rate limiting +on +store local, rules global, static, login, auth-failures");
    assertThat(block).containsPattern("Host allow-list +OFF +turn on: bulwark.host.allowed=");
    assertThat(block).doesNotContain("Severity");
  }

  @Test
  void protectionsShowHowTheyAreConfiguredAndLinesEndWithoutPadding() {
    ReadinessReport report = report(Map.of("bulwark.cross-site.bypass-paths", "/webhooks/**", "bulwark.host.allowed", "notes.example.com"));
    assertThat(report.toLogBlock())
        .containsPattern("cross-site request protection +on +except /webhooks/\\*\\*")
        .containsPattern("Host allow-list +on +notes.example.com")
        .doesNotContainPattern("(?m) $");
  }

  @Test
  void findingsAreOrderedBySeverityAndRenderedWithTheirFix() {
    ReadinessReport report =
        report(
            Map.of("bulwark.request-id.enabled", "false", "bulwark.headers.enabled", "false", "bulwark.readiness.fail-on", "high"),
            context -> List.of(KnownFinding.DEBUG_LOGGING.finding("The root logger logs at DEBUG.")));
    assertThat(report.findings()).extracting(Finding::id).containsExactly("headers-disabled", "debug-logging", "request-ids-disabled");
    assertThat(report.status()).isEqualTo("failing");
    String block = report.toLogBlock();
    assertThat(block).contains("3 findings (1 high, 1 medium, 1 low) (fail-on: high): 1 finding stops start-up");
    assertThat(block).containsPattern("HIGH +headers-disabled +FAILS START-UP +bulwark.headers.enabled=false");
    assertThat(block).containsPattern("MEDIUM +debug-logging +open +The root logger logs at DEBUG.\n +fix: Log at INFO");
    assertThat(block).containsPattern("security headers +OFF +turn on: bulwark.headers.enabled=true");
  }

  @Test
  void enforceNamesEachFailingFindingWithItsFix() {
    ReadinessReport report =
        report(Map.of("bulwark.cross-site.enabled", "false", "bulwark.limits.enabled", "false", "bulwark.readiness.fail-on", "cross-site-disabled"));
    assertThatThrownBy(report::enforce)
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("bulwark.readiness.fail-on=cross-site-disabled matches 1 finding")
        .hasMessageContaining("[HIGH] cross-site-disabled: bulwark.cross-site.enabled=false")
        .hasMessageContaining("Fix: Remove bulwark.cross-site.enabled=false")
        .hasMessageNotContaining("request-limits-disabled")
        .satisfies(e -> assertThat(((ReadinessException) e).findings()).extracting(Finding::id).containsExactly("cross-site-disabled"));
  }

  @Test
  void acknowledgedFindingsStayListedButNeitherFailNorWarn() {
    ReadinessReport report =
        report(Map.of("bulwark.cors.enabled", "false", "bulwark.readiness.fail-on", "low", "bulwark.readiness.acknowledge", "cors-disabled"));
    assertThat(report.has("cors-disabled")).isTrue();
    assertThat(report.clean()).isTrue();
    assertThat(report.failing()).isEmpty();
    report.enforce();
    assertThat(report.toLogBlock()).contains("0 findings, 1 acknowledged").containsPattern("LOW +cors-disabled +acknowledged");
  }

  @Test
  void jsonCarriesProtectionsAndFindings() {
    ReadinessReport report =
        report(Map.of("bulwark.headers.enabled", "false", "bulwark.readiness.acknowledge", "headers-disabled"),
            context -> List.of(new Finding("custom-check", Severity.LOW, "A \"quoted\" <message>.", "Fix it.")));
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) JsonReader.read(report.toJson());
    assertThat(json).containsEntry("status", "findings");
    assertThat(json.get("counts")).hasToString("{high=0, medium=0, low=1, acknowledged=1}");
    assertThat(json).containsEntry("acknowledge", List.of("headers-disabled"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> findings = (List<Map<String, Object>>) json.get("findings");
    assertThat(findings.get(0))
        .containsEntry("id", "headers-disabled")
        .containsEntry("severity", "high")
        .containsEntry("acknowledged", true)
        .containsEntry("failsStartup", false);
    assertThat(findings.get(1)).containsEntry("message", "A \"quoted\" <message>.");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> protections = (List<Map<String, Object>>) json.get("protections");
    assertThat(protections.get(0)).containsEntry("id", "security-headers").containsEntry("on", false);
    assertThat(report.toJson()).doesNotContain("<message>");
  }
}
