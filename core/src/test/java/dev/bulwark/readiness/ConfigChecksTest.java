package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each configuration check, on settings bound the way an application writes them. */
class ConfigChecksTest {

  private static BulwarkConfig config(String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
  }

  private static List<Finding> check(BulwarkConfig config) {
    return new ConfigChecks().check(new ReadinessContext(config, List.of(), name -> null));
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::id).toList();
  }

  @Test
  void defaultsHaveNoFinding() {
    assertThat(check(BulwarkConfig.defaults())).isEmpty();
  }

  @Test
  void bulwarkDisabledIsOneHighFindingInsteadOfOnePerProtection() {
    List<Finding> findings = check(config("bulwark.enabled", "false", "bulwark.headers.enabled", "false"));
    assertThat(ids(findings)).containsExactly("bulwark-disabled");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void everyProtectionSwitchedOffIsAFinding() {
    assertThat(ids(check(config("bulwark.headers.enabled", "false")))).containsExactly("headers-disabled");
    assertThat(ids(check(config("bulwark.headers.csp.enabled", "false")))).containsExactly("csp-disabled");
    assertThat(ids(check(config("bulwark.headers.hsts.enabled", "false")))).containsExactly("hsts-disabled");
    assertThat(ids(check(config("bulwark.cors.enabled", "false")))).containsExactly("cors-disabled");
    assertThat(ids(check(config("bulwark.cross-site.enabled", "false")))).containsExactly("cross-site-disabled");
    assertThat(ids(check(config("bulwark.limits.enabled", "false")))).containsExactly("request-limits-disabled");
    assertThat(ids(check(config("bulwark.request-id.enabled", "false")))).containsExactly("request-ids-disabled");
  }

  @Test
  void emptiedDefaultHeadersAreNamedWithTheirFix() {
    List<Finding> findings = check(config("bulwark.headers.frame-options", "", "bulwark.headers.content-type-options", ""));
    assertThat(ids(findings)).containsExactly("security-header-disabled");
    assertThat(findings.get(0).message())
        .contains("bulwark.headers.frame-options")
        .contains("bulwark.headers.content-type-options");
    assertThat(findings.get(0).fix()).contains("bulwark.headers.frame-options=");
    assertThat(check(config("bulwark.headers.cross-origin-embedder-policy", "")))
        .as("COEP is opt-in, so leaving it empty is the default")
        .isEmpty();
  }

  @Test
  void allowRiskyIsAFinding() {
    List<Finding> findings =
        check(
            config(
                "bulwark.headers.allow-risky", "unsafe-inline",
                "bulwark.headers.csp.html-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"));
    assertThat(ids(findings)).containsExactly("risky-csp-allowed");
    assertThat(findings.get(0).message()).contains("allow-risky=unsafe-inline");
  }

  @Test
  void hstsOrRedirectOffBehindATrustedProxyAreFindings() {
    List<Finding> findings =
        check(config("bulwark.client-ip.trusted-proxies", "10.0.0.0/8", "bulwark.headers.hsts.enabled", "false"));
    assertThat(ids(findings)).containsExactlyInAnyOrder("hsts-off-behind-tls-proxy", "https-redirect-off-behind-tls-proxy");
    Finding hsts = findings.stream().filter(f -> f.id().equals("hsts-off-behind-tls-proxy")).findFirst().orElseThrow();
    assertThat(hsts.severity()).isEqualTo(Severity.HIGH);
    assertThat(hsts.message()).contains("bulwark.headers.hsts.enabled=false").contains("trusted-proxies");
    Finding redirect =
        findings.stream().filter(f -> f.id().equals("https-redirect-off-behind-tls-proxy")).findFirst().orElseThrow();
    assertThat(redirect.fix()).contains("bulwark.host.allowed").contains("https-redirect=true");

    assertThat(ids(check(config("bulwark.client-ip.trusted-proxies", "10.0.0.0/8", "bulwark.headers.enabled", "false"))))
        .contains("headers-disabled", "hsts-off-behind-tls-proxy");
    assertThat(
            check(
                config(
                    "bulwark.client-ip.trusted-proxies", "10.0.0.0/8",
                    "bulwark.host.allowed", "notes.example.com",
                    "bulwark.host.https-redirect", "true")))
        .isEmpty();
  }

  @Test
  void aFrameworkSignalCountsAsATlsProxy() {
    ReadinessContext context =
        new ReadinessContext(config("bulwark.headers.hsts.enabled", "false"), List.of(), name -> null)
            .withTlsProxySignal("server.forward-headers-strategy=native");
    List<Finding> findings = new ConfigChecks().check(context);
    assertThat(ids(findings)).containsExactlyInAnyOrder("hsts-off-behind-tls-proxy", "https-redirect-off-behind-tls-proxy");
    assertThat(findings.get(0).message()).contains("server.forward-headers-strategy=native");
  }

  @Test
  void credentialsWithWildcardOriginPatternsAreAFinding() {
    List<Finding> findings =
        check(
            config(
                "bulwark.cors.allowed-origins", "https://*.example.com,https://app.example.org",
                "bulwark.cors.allow-credentials", "true"));
    assertThat(ids(findings)).containsExactly("cors-credentials-wildcard");
    assertThat(findings.get(0).message()).contains("https://*.example.com").doesNotContain("app.example.org");
    assertThat(check(config("bulwark.cors.allowed-origins", "https://*.example.com"))).isEmpty();
    assertThat(
            check(config("bulwark.cors.allowed-origins", "https://app.example.com", "bulwark.cors.allow-credentials", "true")))
        .isEmpty();
  }

  @Test
  void pathOverridesThatSwitchProtectionsOffAreListed() {
    List<Finding> findings =
        check(
            config(
                "bulwark.paths[0].patterns", "/embed/**",
                "bulwark.paths[0].headers", "false",
                "bulwark.cross-site.bypass-paths", "/webhooks/**"));
    assertThat(ids(findings)).containsExactly("protection-off-on-paths");
    assertThat(findings.get(0).message()).contains("/embed/**").contains("bulwark.paths[0].headers=false").contains("/webhooks/**");
  }

  @Test
  void localRateLimitStoreWithSeveralInstancesIsAFinding() {
    BulwarkConfig declared = config("bulwark.rate-limit.enabled", "true", "bulwark.readiness.instances", "3");
    assertThat(ids(check(declared))).containsExactly("local-rate-limit-store-multi-instance");
    assertThat(check(declared).get(0).message()).contains("bulwark.readiness.instances=3");

    BulwarkConfig undeclared = config("bulwark.rate-limit.enabled", "true");
    assertThat(check(undeclared)).isEmpty();
    List<Finding> kubernetes =
        new ConfigChecks().check(new ReadinessContext(undeclared, List.of(), name -> name.equals("KUBERNETES_SERVICE_HOST") ? "10.96.0.1" : null));
    assertThat(ids(kubernetes)).containsExactly("local-rate-limit-store-multi-instance");
    assertThat(kubernetes.get(0).message()).contains("KUBERNETES_SERVICE_HOST");

    BulwarkConfig single = config("bulwark.rate-limit.enabled", "true", "bulwark.readiness.instances", "1");
    assertThat(new ConfigChecks().check(new ReadinessContext(single, List.of(), name -> "10.96.0.1")))
        .as("a declared single instance wins over the Kubernetes guess")
        .isEmpty();
    assertThat(check(config("bulwark.rate-limit.enabled", "true", "bulwark.rate-limit.store", "redis", "bulwark.readiness.instances", "3")))
        .isEmpty();
    assertThat(check(config("bulwark.readiness.instances", "3"))).as("rate limiting off").isEmpty();
  }

  @Test
  void everyFindingIdIsKnownAndCarriesTheCatalogueSeverity() {
    BulwarkConfig risky =
        config(
            "bulwark.client-ip.trusted-proxies", "10.0.0.0/8",
            "bulwark.headers.hsts.enabled", "false",
            "bulwark.headers.csp.enabled", "false",
            "bulwark.headers.referrer-policy", "",
            "bulwark.cors.enabled", "false",
            "bulwark.cross-site.enabled", "false",
            "bulwark.limits.enabled", "false",
            "bulwark.request-id.enabled", "false",
            "bulwark.rate-limit.enabled", "true",
            "bulwark.readiness.instances", "2");
    List<Finding> findings = check(risky);
    assertThat(findings).hasSizeGreaterThanOrEqualTo(9);
    for (Finding finding : findings) {
      KnownFinding known = KnownFinding.byId(finding.id()).orElseThrow();
      assertThat(finding.severity()).isEqualTo(known.severity());
      assertThat(finding.fix()).isNotBlank();
    }
  }
}
