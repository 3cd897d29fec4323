package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {

  static final String PREFIX = "bulwark.headers";

  /** A response's headers, case-insensitive like HTTP. */
  static final class Headers implements HeaderWriter {
    final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Headers with(String name, String value) {
      values.put(name, value);
      return this;
    }

    @Override
    public boolean contains(String name) {
      return values.containsKey(name);
    }

    @Override
    public void set(String name, String value) {
      values.put(name, value);
    }

    @Override
    public void add(String name, String value) {
      values.merge(name, value, (first, next) -> first + ", " + next);
    }

    String get(String name) {
      return values.get(name);
    }
  }

  /** A config builder over the fifteen-argument record. */
  static final class Config {
    Boolean enabled;
    CspConfig csp;
    HstsConfig hsts;
    String frameOptions;
    String contentTypeOptions;
    String referrerPolicy;
    String permissionsPolicy;
    String coop;
    String corp;
    String coep;
    String permittedCrossDomainPolicies;
    String dnsPrefetchControl;
    String cacheControl;
    List<String> remove;
    List<RiskySetting> allowRisky;

    HeadersConfig build() {
      return new HeadersConfig(
          enabled, csp, hsts, frameOptions, contentTypeOptions, referrerPolicy, permissionsPolicy, coop, corp, coep,
          permittedCrossDomainPolicies, dnsPrefetchControl, cacheControl, remove, allowRisky);
    }

    HeaderPolicy compile() {
      return HeaderPolicy.compile(build(), PREFIX);
    }
  }

  static CspConfig csp(String html, String api, String reportOnly, String reportPath, Boolean upgrade) {
    return new CspConfig(null, html, api, reportOnly, reportPath, upgrade, null);
  }

  static Headers apply(HeaderPolicy policy, ResponseKind kind, boolean secure, boolean local, CspNonce nonce) {
    Headers out = new Headers();
    policy.apply(kind, secure, local, nonce, out);
    return out;
  }

  static final HeaderPolicy DEFAULTS = HeaderPolicy.compile(HeadersConfig.defaults(), PREFIX);

  @Nested
  class Defaults {

    @Test
    void writesTheOwaspHeadersOnEveryResponse() {
      for (ResponseKind kind : ResponseKind.values()) {
        Headers out = apply(DEFAULTS, kind, false, false, new CspNonce());
        assertThat(out.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(out.get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(out.get("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(out.get("Permissions-Policy")).isEqualTo(HeadersConfig.DEFAULT_PERMISSIONS_POLICY);
        assertThat(out.get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(out.get("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
        assertThat(out.get("X-Permitted-Cross-Domain-Policies")).isEqualTo("none");
        assertThat(out.get("X-DNS-Prefetch-Control")).isEqualTo("off");
        assertThat(out.get("Cache-Control")).isEqualTo("no-store, max-age=0");
        assertThat(out.contains("Cross-Origin-Embedder-Policy")).isFalse();
      }
    }

    @Test
    void theDefaultPermissionsPolicyNamesOnlyFeaturesChromiumRecognises() {
      assertThat(DEFAULTS.unrecognisedPermissionsPolicyFeatures()).isEmpty();
      // OWASP's list has web-share, which Chromium on Linux logs as unrecognised on every page
      assertThat(HeadersConfig.DEFAULT_PERMISSIONS_POLICY).doesNotContain("web-share");
    }

    @Test
    void configuredFeatureNamesChromiumDoesNotKnowAreFlagged() {
      Config config = new Config();
      config.permissionsPolicy = "camera=(), web-share=(), camra=(self), camera=(), geolocation";
      assertThat(config.compile().unrecognisedPermissionsPolicyFeatures()).containsExactly("web-share", "camra");
      config.permissionsPolicy = "";
      assertThat(config.compile().unrecognisedPermissionsPolicyFeatures()).isEmpty();
    }

    @Test
    void htmlGetsTheNonceCspWithTheNonceValue() {
      CspNonce nonce = new CspNonce();
      Headers out = apply(DEFAULTS, ResponseKind.HTML, false, false, nonce);
      String csp = out.get("Content-Security-Policy");
      assertThat(nonce.isUsed()).isTrue();
      assertThat(csp)
          .isEqualTo(
              CspConfig.DEFAULT_HTML_POLICY.replace("{nonce}", nonce.value())
                  + "; report-uri /bulwark/csp-report")
          .contains("script-src 'self' 'nonce-" + nonce.value() + "'")
          .contains("style-src 'self' 'nonce-" + nonce.value() + "'")
          .contains("img-src 'self' data:")
          .doesNotContain("{nonce}")
          .doesNotContain("report-to");
      // report-to would make Chromium queue reports for the Reporting API instead of posting them
      assertThat(out.contains("Reporting-Endpoints")).isFalse();
      assertThat(out.contains("Content-Security-Policy-Report-Only")).isFalse();
    }

    @Test
    void eachResponseGetsItsOwnNonce() {
      CspNonce first = new CspNonce();
      CspNonce second = new CspNonce();
      String a = apply(DEFAULTS, ResponseKind.HTML, true, false, first).get("Content-Security-Policy");
      String b = apply(DEFAULTS, ResponseKind.HTML, true, false, second).get("Content-Security-Policy");
      assertThat(first.value()).isNotEqualTo(second.value());
      assertThat(a).isNotEqualTo(b).contains(first.value());
      assertThat(b).contains(second.value());
    }

    @Test
    void theNonceIsStableWithinOneResponse() {
      CspNonce nonce = new CspNonce();
      String csp = apply(DEFAULTS, ResponseKind.HTML, false, false, nonce).get("Content-Security-Policy");
      assertThat(csp.split("'nonce-" + nonce.value() + "'", -1)).hasSize(3);
    }

    @Test
    void apiResponsesGetTheLockedDownPolicyWithoutTouchingTheNonce() {
      CspNonce nonce = new CspNonce();
      Headers out = apply(DEFAULTS, ResponseKind.OTHER, true, false, nonce);
      assertThat(out.get("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
      assertThat(nonce.isUsed()).isFalse();
      assertThat(out.contains("Reporting-Endpoints")).isFalse();
      assertThat(out.contains("Content-Security-Policy-Report-Only")).isFalse();
    }

    @Test
    void apiResponsesNeedNoNonceObject() {
      Headers out = apply(DEFAULTS, ResponseKind.OTHER, true, false, null);
      assertThat(out.get("Content-Security-Policy")).isEqualTo(CspConfig.DEFAULT_API_POLICY);
    }

    @Test
    void hstsOnlyOnSecureNonLocalRequests() {
      assertThat(apply(DEFAULTS, ResponseKind.OTHER, true, false, null).get("Strict-Transport-Security"))
          .isEqualTo("max-age=63072000; includeSubDomains");
      assertThat(apply(DEFAULTS, ResponseKind.OTHER, false, false, null).contains("Strict-Transport-Security")).isFalse();
      assertThat(apply(DEFAULTS, ResponseKind.OTHER, true, true, null).contains("Strict-Transport-Security")).isFalse();
      assertThat(apply(DEFAULTS, ResponseKind.HTML, true, true, new CspNonce()).contains("Strict-Transport-Security"))
          .isFalse();
    }

    @Test
    void upgradeInsecureRequestsOnlyOnSecureHtml() {
      assertThat(apply(DEFAULTS, ResponseKind.HTML, true, false, new CspNonce()).get("Content-Security-Policy"))
          .contains("; upgrade-insecure-requests; report-uri ");
      assertThat(apply(DEFAULTS, ResponseKind.HTML, false, false, new CspNonce()).get("Content-Security-Policy"))
          .doesNotContain("upgrade-insecure-requests");
      assertThat(apply(DEFAULTS, ResponseKind.OTHER, true, false, null).get("Content-Security-Policy"))
          .doesNotContain("upgrade-insecure-requests");
    }

    @Test
    void cacheControlOnlyWhenAbsent() {
      Headers out = new Headers().with("cache-control", "public, max-age=600");
      DEFAULTS.apply(ResponseKind.OTHER, false, false, null, out);
      assertThat(out.get("Cache-Control")).isEqualTo("public, max-age=600");
    }

    @Test
    void theApplicationsOwnHeaderWinsOverADefault() {
      Headers out =
          new Headers()
              .with("x-frame-options", "SAMEORIGIN")
              .with("content-security-policy", "frame-ancestors 'self'")
              .with("Cross-Origin-Resource-Policy", "cross-origin");
      DEFAULTS.apply(ResponseKind.HTML, false, false, new CspNonce(), out);
      assertThat(out.get("X-Frame-Options")).isEqualTo("SAMEORIGIN");
      assertThat(out.get("Content-Security-Policy")).isEqualTo("frame-ancestors 'self'");
      assertThat(out.get("Cross-Origin-Resource-Policy")).isEqualTo("cross-origin");
      assertThat(out.get("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void hstsReplacesTheApplicationsBecauseItIsTheHostsSetting() {
      Headers out = new Headers().with("Strict-Transport-Security", "max-age=60");
      DEFAULTS.apply(ResponseKind.OTHER, true, false, null, out);
      assertThat(out.get("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
    }

    @Test
    void deferredHeadersAreNotWritten() {
      HeaderPolicy policy = HeaderPolicy.compile(HeadersConfig.defaults(), PREFIX);
      policy.defer(java.util.Set.of("x-frame-options", "Content-Security-Policy", "Strict-Transport-Security"));
      Headers out = new Headers();
      policy.apply(ResponseKind.HTML, true, false, new CspNonce(), out);
      assertThat(out.contains("X-Frame-Options")).isFalse();
      assertThat(out.contains("Content-Security-Policy")).isFalse();
      assertThat(out.contains("Strict-Transport-Security")).isFalse();
      assertThat(out.get("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(policy.deferred().contains("X-Frame-Options")).isTrue();
      assertThat(DEFAULTS.deferred()).isEmpty();
    }

    @Test
    void removeListIsCaseInsensitive() {
      assertThat(DEFAULTS.isRemoved("Server")).isTrue();
      assertThat(DEFAULTS.isRemoved("server")).isTrue();
      assertThat(DEFAULTS.isRemoved("X-POWERED-BY")).isTrue();
      assertThat(DEFAULTS.isRemoved("x-aspnet-version")).isTrue();
      assertThat(DEFAULTS.isRemoved("Content-Type")).isFalse();
      assertThat(DEFAULTS.removed()).containsAll(OwaspRemoveList.HEADERS);
      assertThat(DEFAULTS.enabled()).isTrue();
    }

    @Test
    void removedSetIsUnmodifiable() {
      assertThatThrownBy(() -> DEFAULTS.removed().add("Date")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Customised {

    @Test
    void aConfiguredValueReplacesTheApplicationsOwn() {
      Config config = new Config();
      config.frameOptions = "SAMEORIGIN";
      config.csp = csp("default-src 'self'", "default-src 'none'", null, null, null);
      HeaderPolicy policy = config.compile();
      Headers page = new Headers().with("X-Frame-Options", "DENY").with("Content-Security-Policy", "default-src *");
      policy.apply(ResponseKind.HTML, false, false, new CspNonce(), page);
      assertThat(page.get("X-Frame-Options")).isEqualTo("SAMEORIGIN");
      assertThat(page.get("Content-Security-Policy")).startsWith("default-src 'self'");
      Headers json = new Headers().with("Content-Security-Policy", "default-src *");
      policy.apply(ResponseKind.OTHER, false, false, null, json);
      assertThat(json.get("Content-Security-Policy")).isEqualTo("default-src 'none'");
    }

    @Test
    void emptyStringDisablesAHeader() {
      Config config = new Config();
      config.frameOptions = "";
      config.referrerPolicy = " ";
      config.permissionsPolicy = "";
      config.cacheControl = "";
      Headers out = apply(config.compile(), ResponseKind.OTHER, false, false, null);
      assertThat(out.contains("X-Frame-Options")).isFalse();
      assertThat(out.contains("Referrer-Policy")).isFalse();
      assertThat(out.contains("Permissions-Policy")).isFalse();
      assertThat(out.contains("Cache-Control")).isFalse();
      assertThat(out.get("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void emptyPoliciesDisableCsp() {
      Config config = new Config();
      config.csp = csp("", "", null, null, null);
      HeaderPolicy policy = config.compile();
      CspNonce nonce = new CspNonce();
      assertThat(apply(policy, ResponseKind.HTML, true, false, nonce).contains("Content-Security-Policy")).isFalse();
      assertThat(apply(policy, ResponseKind.OTHER, true, false, nonce).contains("Content-Security-Policy")).isFalse();
      assertThat(nonce.isUsed()).isFalse();
    }

    @Test
    void cspCanBeTurnedOff() {
      Config config = new Config();
      config.csp = new CspConfig(false, "script-src 'unsafe-inline'", null, null, null, null, null);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.contains("Content-Security-Policy")).isFalse();
      assertThat(out.contains("Reporting-Endpoints")).isFalse();
      assertThat(out.get("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void customValuesAreWritten() {
      Config config = new Config();
      config.frameOptions = "SAMEORIGIN";
      config.coep = "require-corp";
      config.cacheControl = " no-cache ";
      Headers out = apply(config.compile(), ResponseKind.OTHER, false, false, null);
      assertThat(out.get("X-Frame-Options")).isEqualTo("SAMEORIGIN");
      assertThat(out.get("Cross-Origin-Embedder-Policy")).isEqualTo("require-corp");
      assertThat(out.get("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void disabledPolicyWritesAndRemovesNothing() {
      Config config = new Config();
      config.enabled = false;
      HeaderPolicy policy = config.compile();
      Headers out = apply(policy, ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.values).isEmpty();
      assertThat(policy.enabled()).isFalse();
      assertThat(policy.isRemoved("Server")).isFalse();
    }

    @Test
    void reportUriIsAppendedToHtmlPolicies() {
      Config config = new Config();
      config.csp = csp("default-src 'self'", null, "script-src 'self'", "/csp", false);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; report-uri /csp");
      assertThat(out.get("Content-Security-Policy-Report-Only")).isEqualTo("script-src 'self'; report-uri /csp");
      assertThat(out.contains("Reporting-Endpoints")).isFalse();
    }

    @Test
    void theReportPathGoesUnderTheContextPath() {
      // spring-petclinic-rest (server.servlet.context-path=/petclinic/) in the compat harness: report-uri
      // /bulwark/csp-report sent every report to the origin's 404, outside the application.
      Config config = new Config();
      config.csp = csp("default-src 'self'", null, "script-src 'self'; report-to csp-endpoint", "/csp", true);
      HeaderPolicy policy = config.compile();
      policy.reportUnder("/petclinic");
      Headers out = apply(policy, ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; upgrade-insecure-requests; report-uri /petclinic/csp");
      assertThat(out.get("Content-Security-Policy-Report-Only"))
          .isEqualTo("script-src 'self'; report-to csp-endpoint; upgrade-insecure-requests; report-uri /petclinic/csp");
      assertThat(out.get("Reporting-Endpoints")).isEqualTo("csp-endpoint=\"/petclinic/csp\"");
      assertThat(apply(policy, ResponseKind.HTML, false, false, new CspNonce()).get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; report-uri /petclinic/csp");

      policy.reportUnder("");
      assertThat(apply(policy, ResponseKind.HTML, false, false, new CspNonce()).get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; report-uri /csp");
      assertThatThrownBy(() -> policy.reportUnder("/a; script-src *")).isInstanceOf(IllegalArgumentException.class);

      config.csp = csp("default-src 'self'", null, null, "", false);
      HeaderPolicy silent = config.compile();
      silent.reportUnder("/petclinic");
      assertThat(apply(silent, ResponseKind.HTML, false, false, new CspNonce()).get("Content-Security-Policy"))
          .as("reporting off stays off")
          .isEqualTo("default-src 'self'");
    }

    @Test
    void aPolicyThatOptsInToReportToGetsTheReportingEndpoint() {
      Config config = new Config();
      config.csp = csp(null, null, "script-src 'self'; report-to csp-endpoint", "/csp", false);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy-Report-Only"))
          .isEqualTo("script-src 'self'; report-to csp-endpoint; report-uri /csp");
      assertThat(out.get("Reporting-Endpoints")).isEqualTo("csp-endpoint=\"/csp\"");
      assertThat(out.get("Content-Security-Policy")).doesNotContain("report-to");

      config.csp = csp(null, null, "script-src 'self'; report-to elsewhere", "/csp", false);
      assertThat(apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce()).contains("Reporting-Endpoints"))
          .as("another group is the application's own to define")
          .isFalse();
    }

    @Test
    void directivesThePolicyHasAlreadyAreNotAppendedAgain() {
      // browsers ignore a repeated directive, so Bulwark's own would silently lose (a fuzz finding)
      Config config = new Config();
      config.csp = csp("default-src 'self'; report-uri /mine; upgrade-insecure-requests", null, null, "/csp", true);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; report-uri /mine; upgrade-insecure-requests");
    }

    @Test
    void aPolicyOfOnlySeparatorsSendsNoHeader() {
      Config config = new Config();
      config.csp = csp(" ; ;", null, null, "/csp", true);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.contains("Content-Security-Policy")).isFalse();
    }

    @Test
    void emptyReportPathTurnsReportingOff() {
      Config config = new Config();
      config.csp = csp(null, null, null, "", null);
      Headers out = apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy")).doesNotContain("report-uri").doesNotContain("report-to");
      assertThat(out.contains("Reporting-Endpoints")).isFalse();
    }

    @Test
    void reportOnlyPolicyGetsTheNonceAndUpgradeToo() {
      Config config = new Config();
      config.csp = csp(null, null, "script-src 'nonce-{nonce}' 'strict-dynamic'", null, null);
      HeaderPolicy policy = config.compile();
      CspNonce nonce = new CspNonce();
      Headers secure = apply(policy, ResponseKind.HTML, true, false, nonce);
      assertThat(secure.get("Content-Security-Policy-Report-Only"))
          .isEqualTo(
              "script-src 'nonce-" + nonce.value() + "' 'strict-dynamic'; upgrade-insecure-requests;"
                  + " report-uri /bulwark/csp-report");
      assertThat(secure.get("Content-Security-Policy")).contains("'nonce-" + nonce.value() + "'");
      Headers plain = apply(policy, ResponseKind.HTML, false, false, new CspNonce());
      assertThat(plain.get("Content-Security-Policy-Report-Only")).doesNotContain("upgrade-insecure-requests");
      assertThat(apply(policy, ResponseKind.OTHER, true, false, null).contains("Content-Security-Policy-Report-Only"))
          .isFalse();
    }

    @Test
    void upgradeInsecureRequestsCanBeTurnedOff() {
      Config config = new Config();
      config.csp = csp(null, null, null, null, false);
      assertThat(apply(config.compile(), ResponseKind.HTML, true, false, new CspNonce()).get("Content-Security-Policy"))
          .doesNotContain("upgrade-insecure-requests");
    }

    @Test
    void policyWithoutNonceNeverGeneratesOne() {
      Config config = new Config();
      config.csp = csp("default-src 'self'", null, null, null, null);
      CspNonce nonce = new CspNonce();
      apply(config.compile(), ResponseKind.HTML, true, false, nonce);
      assertThat(nonce.isUsed()).isFalse();
    }

    @Test
    void policiesAreWrittenInCanonicalForm() {
      Config config = new Config();
      config.csp = csp("  default-src   'self' ;; img-src data: ", "default-src 'none' ;", null, "", null);
      HeaderPolicy policy = config.compile();
      assertThat(apply(policy, ResponseKind.HTML, false, false, new CspNonce()).get("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; img-src data:");
      assertThat(apply(policy, ResponseKind.OTHER, false, false, null).get("Content-Security-Policy"))
          .isEqualTo("default-src 'none'");
    }

    @Test
    void apiPolicyDropsTheNoncePlaceholder() {
      Config config = new Config();
      config.csp = csp(null, "default-src 'none'; script-src 'self' 'nonce-{nonce}'", null, null, null);
      String api = apply(config.compile(), ResponseKind.OTHER, true, false, new CspNonce()).get("Content-Security-Policy");
      assertThat(api).doesNotContain("nonce").startsWith("default-src 'none'; script-src 'self'");
    }

    @Test
    void customRemoveListReplacesTheOwaspOne() {
      Config config = new Config();
      config.remove = List.of("X-Internal-Route");
      HeaderPolicy policy = config.compile();
      assertThat(policy.isRemoved("x-internal-route")).isTrue();
      assertThat(policy.isRemoved("Server")).isFalse();
    }

    @Test
    void hstsWithPreloadAndWithoutSubdomains() {
      Config config = new Config();
      config.hsts = new HstsConfig(null, Duration.ofDays(365), false, true);
      assertThat(apply(config.compile(), ResponseKind.OTHER, true, false, null).get("Strict-Transport-Security"))
          .isEqualTo("max-age=31536000; preload");
    }

    @Test
    void hstsCanBeTurnedOff() {
      Config config = new Config();
      config.hsts = new HstsConfig(false, Duration.ofDays(1), null, null);
      assertThat(apply(config.compile(), ResponseKind.OTHER, true, false, null).contains("Strict-Transport-Security"))
          .isFalse();
    }
  }

  @Nested
  class Risks {

    @Test
    void unsafeInlineFailsNamingTheProperty() {
      Config config = new Config();
      config.csp = csp("script-src 'self' 'unsafe-inline'", null, null, null, null);
      assertThatThrownBy(config::compile)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.headers.csp.html-policy");
                assertThat(e.getMessage())
                    .startsWith("bulwark.headers.csp.html-policy: ")
                    .contains("'unsafe-inline'")
                    .contains("bulwark.headers.allow-risky=unsafe-inline");
              });
    }

    @Test
    void riskyApiPolicyNamesItsProperty() {
      Config config = new Config();
      config.csp = csp(null, "default-src *", null, null, null);
      assertThatThrownBy(config::compile)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.headers.csp.api-policy");
                assertThat(e.getMessage()).contains("allow-risky=wildcard");
              });
    }

    @Test
    void riskyReportOnlyPolicyNamesItsProperty() {
      Config config = new Config();
      config.csp = csp(null, null, "script-src 'unsafe-eval'", null, null);
      assertThatThrownBy(config::compile)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.headers.csp.report-only-policy");
                assertThat(e.getMessage()).contains("allow-risky=unsafe-eval");
              });
    }

    @Test
    void unparsablePolicyNamesItsProperty() {
      Config config = new Config();
      config.csp = csp("script-src 'self'; script-src 'none'", null, null, null, null);
      assertThatThrownBy(config::compile)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.headers.csp.html-policy");
                assertThat(e.getMessage()).contains("appears twice");
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
              });
    }

    @Test
    void usesTheGivenPrefix() {
      Config config = new Config();
      config.csp = csp("script-src *", null, null, null, null);
      assertThatThrownBy(() -> HeaderPolicy.compile(config.build(), "app.security"))
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.property()).isEqualTo("app.security.csp.html-policy"));
    }

    @Test
    void allowedRisksCompileAndAreWritten() {
      Config config = new Config();
      config.csp = csp("script-src 'self' 'unsafe-inline' 'unsafe-eval' https:", null, null, "", null);
      config.allowRisky = List.of(RiskySetting.UNSAFE_INLINE, RiskySetting.UNSAFE_EVAL, RiskySetting.WILDCARD);
      Headers out = apply(config.compile(), ResponseKind.HTML, false, false, new CspNonce());
      assertThat(out.get("Content-Security-Policy")).isEqualTo("script-src 'self' 'unsafe-inline' 'unsafe-eval' https:");
    }

    @Test
    void allowingOneRiskDoesNotAllowAnother() {
      Config config = new Config();
      config.csp = csp("script-src 'unsafe-inline' 'unsafe-eval'", null, null, null, null);
      config.allowRisky = List.of(RiskySetting.UNSAFE_INLINE);
      assertThatThrownBy(config::compile)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("allow-risky=unsafe-eval");
    }

    @Test
    void shortHstsFails() {
      Config config = new Config();
      config.hsts = new HstsConfig(null, Duration.ofDays(181), null, null);
      assertThatThrownBy(config::compile)
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.headers.hsts.max-age");
                assertThat(e.getMessage()).contains("181d").contains("allow-risky=short-hsts");
              });
    }

    @Test
    void shortHstsMessageFormatsTheDuration() {
      Config config = new Config();
      config.hsts = new HstsConfig(null, Duration.ofSeconds(90), null, null);
      assertThatThrownBy(config::compile).hasMessageContaining("is 90s,");
      config.hsts = new HstsConfig(null, Duration.ZERO, null, null);
      assertThatThrownBy(config::compile).hasMessageContaining("is 0s,");
    }

    @Test
    void sixMonthsIsLongEnough() {
      Config config = new Config();
      config.hsts = new HstsConfig(null, Duration.ofDays(182), null, null);
      assertThat(apply(config.compile(), ResponseKind.OTHER, true, false, null).get("Strict-Transport-Security"))
          .isEqualTo("max-age=" + 182 * 86400 + "; includeSubDomains");
    }

    @Test
    void shortHstsAllowedWhenListed() {
      Config config = new Config();
      config.hsts = new HstsConfig(null, Duration.ofMinutes(5), null, null);
      config.allowRisky = List.of(RiskySetting.SHORT_HSTS);
      assertThat(apply(config.compile(), ResponseKind.OTHER, true, false, null).get("Strict-Transport-Security"))
          .isEqualTo("max-age=300; includeSubDomains");
    }

    @Test
    void shortButDisabledHstsIsFine() {
      Config config = new Config();
      config.hsts = new HstsConfig(false, Duration.ofMinutes(5), null, null);
      assertThat(config.compile()).isNotNull();
    }
  }

  @Test
  void responseKindClassifiesContentTypes() {
    assertThat(ResponseKind.of("text/html")).isEqualTo(ResponseKind.HTML);
    assertThat(ResponseKind.of("text/html; charset=utf-8")).isEqualTo(ResponseKind.HTML);
    assertThat(ResponseKind.of("TEXT/HTML")).isEqualTo(ResponseKind.HTML);
    assertThat(ResponseKind.of("application/xhtml+xml")).isEqualTo(ResponseKind.HTML);
    assertThat(ResponseKind.of("application/json")).isEqualTo(ResponseKind.OTHER);
    assertThat(ResponseKind.of("text/plain")).isEqualTo(ResponseKind.OTHER);
    assertThat(ResponseKind.of("text/htm")).isEqualTo(ResponseKind.OTHER);
    assertThat(ResponseKind.of("")).isEqualTo(ResponseKind.OTHER);
    assertThat(ResponseKind.of(null)).isEqualTo(ResponseKind.OTHER);
  }
}
