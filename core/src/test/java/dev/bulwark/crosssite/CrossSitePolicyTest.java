package dev.bulwark.crosssite;

import static dev.bulwark.crosssite.CrossSitePolicy.Decision.ALLOWED;
import static dev.bulwark.crosssite.CrossSitePolicy.Decision.CROSS_SITE_FETCH_METADATA;
import static dev.bulwark.crosssite.CrossSitePolicy.Decision.CROSS_SITE_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bulwark.cors.OriginMatcher;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrossSitePolicyTest {

  static final String HOST = "notes.example.com";
  static final String OWN = "https://notes.example.com";
  static final String EVIL = "https://evil.example";

  private final CrossSitePolicy protection =
      CrossSitePolicy.compile(CrossSiteConfig.defaults(), new OriginMatcher(List.of()));

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
  void safeMethodsAlwaysPass(String method) {
    assertThat(protection.check(method, "/x", "cross-site", EVIL, HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check(method, "/x", null, EVIL, HOST)).isEqualTo(ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "PROPFIND", "get"})
  void unsafeMethodsAreChecked(String method) {
    assertThat(protection.check(method, "/x", "cross-site", EVIL, HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
    assertThat(protection.check(method, "/x", null, EVIL, HOST)).isEqualTo(CROSS_SITE_ORIGIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"same-origin", "none", "SAME-ORIGIN"})
  void sameOriginOrUserInitiatedFetchMetadataPasses(String site) {
    // Fetch Metadata wins over a mismatched Origin, as in Go
    assertThat(protection.check("POST", "/x", site, EVIL, HOST)).isEqualTo(ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cross-site", "same-site", "something-new"})
  void otherFetchMetadataIsRefused(String site) {
    // Fetch Metadata wins over a matching Origin too
    assertThat(protection.check("POST", "/x", site, OWN, HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
  }

  @Test
  void emptyFetchMetadataFallsBackToOrigin() {
    assertThat(protection.check("POST", "/x", "", OWN, HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", "", EVIL, HOST)).isEqualTo(CROSS_SITE_ORIGIN);
  }

  @Test
  void requestsWithoutBrowserHeadersPass() {
    assertThat(protection.check("POST", "/x", null, null, HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", null, "", HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check("DELETE", "/x", null, null, null)).isEqualTo(ALLOWED);
  }

  @Test
  void originMatchingTheHostPasses() {
    assertThat(protection.check("POST", "/x", null, OWN, HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", null, "http://notes.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", null, "https://Notes.Example.com", "notes.EXAMPLE.com")).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", null, "http://localhost:8080", "localhost:8080")).isEqualTo(ALLOWED);
    assertThat(protection.check("POST", "/x", null, "http://[::1]:8080", "[::1]:8080")).isEqualTo(ALLOWED);
  }

  @Test
  void originNotMatchingTheHostIsRefused() {
    assertThat(protection.check("POST", "/x", null, EVIL, HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, "https://notes.example.com:8443", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, OWN, "notes.example.com:8443")).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, "https://a.notes.example.com", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, "https://notes.example.com.evil", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, "null", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, HOST, HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, OWN, null)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, "https://", "")).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(protection.check("POST", "/x", null, OWN + "/", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
  }

  @Test
  void trustedOriginsAreExempt() {
    CrossSitePolicy withTrusted =
        CrossSitePolicy.compile(
            new CrossSiteConfig(null, List.of("https://sso.example.com", "https://*.partner.example"), null), null);
    assertThat(withTrusted.check("POST", "/x", "cross-site", "https://sso.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(withTrusted.check("POST", "/x", null, "https://sso.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(withTrusted.check("POST", "/x", "same-site", "https://a.partner.example", HOST)).isEqualTo(ALLOWED);
    assertThat(withTrusted.check("POST", "/x", "cross-site", EVIL, HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
    assertThat(withTrusted.check("POST", "/x", null, "https://partner.example", HOST)).isEqualTo(CROSS_SITE_ORIGIN);
  }

  @Test
  void bypassPathsAreExempt() {
    CrossSitePolicy withBypass =
        CrossSitePolicy.compile(new CrossSiteConfig(null, null, List.of("/webhooks/**", "/callback")), null);
    assertThat(withBypass.check("POST", "/webhooks/stripe", "cross-site", EVIL, HOST)).isEqualTo(ALLOWED);
    assertThat(withBypass.check("POST", "/webhooks", null, EVIL, HOST)).isEqualTo(ALLOWED);
    assertThat(withBypass.check("POST", "/callback", null, EVIL, HOST)).isEqualTo(ALLOWED);
    assertThat(withBypass.check("POST", "/callback/x", null, EVIL, HOST)).isEqualTo(CROSS_SITE_ORIGIN);
    assertThat(withBypass.check("POST", "/api/notes", "cross-site", EVIL, HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
  }

  @Test
  void corsOriginsAreExempt() {
    CrossSitePolicy withCors =
        CrossSitePolicy.compile(CrossSiteConfig.defaults(), new OriginMatcher(List.of("https://app.example.com")));
    assertThat(withCors.check("POST", "/x", "cross-site", "https://app.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(withCors.check("POST", "/x", "same-site", "https://app.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(withCors.check("POST", "/x", null, "https://app.example.com", HOST)).isEqualTo(ALLOWED);
    assertThat(withCors.check("POST", "/x", "cross-site", EVIL, HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
  }

  @Test
  void corsWildcardDoesNotExemptTheNullOrigin() {
    CrossSitePolicy withAny =
        CrossSitePolicy.compile(CrossSiteConfig.defaults(), new OriginMatcher(List.of("*")));
    assertThat(withAny.check("POST", "/x", "cross-site", "null", HOST)).isEqualTo(CROSS_SITE_FETCH_METADATA);
    assertThat(withAny.check("POST", "/x", "cross-site", EVIL, HOST)).isEqualTo(ALLOWED);
  }

  @Test
  void disabledProtectionAllowsEverything() {
    CrossSitePolicy off = CrossSitePolicy.compile(new CrossSiteConfig(false, null, null), null);
    assertThat(off.check("POST", "/x", "cross-site", EVIL, HOST)).isEqualTo(ALLOWED);
    assertThat(off.check("DELETE", "/x", null, EVIL, HOST)).isEqualTo(ALLOWED);
  }

  @Test
  void configRefusesWildcardAndBadEntries() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CrossSiteConfig(null, List.of(" * "), null))
        .withMessageContaining("must not be '*'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CrossSiteConfig(null, List.of("https://sso.example.com/"), null))
        .withMessageContaining("is not an origin");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CrossSiteConfig(null, null, List.of("webhooks/**")))
        .withMessageContaining("must start with '/'");
    CrossSiteConfig defaults = CrossSiteConfig.defaults();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.trustedOrigins()).isEmpty();
    assertThat(defaults.bypassPaths()).isEmpty();
  }

  @Property
  void neverThrowsAndSafeMethodsAlwaysPass(
      @ForAll @StringLength(max = 10) String method,
      @ForAll @WithNull(0.2) @StringLength(max = 30) String site,
      @ForAll @WithNull(0.2) @StringLength(max = 40) String origin,
      @ForAll @WithNull(0.2) @StringLength(max = 30) String host) {
    CrossSitePolicy.Decision verdict = protection.check(method, "/x", site, origin, host);
    assertThat(verdict).isNotNull();
    for (String safe : List.of("GET", "HEAD", "OPTIONS")) {
      assertThat(protection.check(safe, "/x", site, origin, host)).isEqualTo(ALLOWED);
    }
    // an unsafe request whose Sec-Fetch-Site says cross-site is never allowed without an exemption
    assertThat(protection.check("POST", "/x", "cross-site", origin, host)).isEqualTo(CROSS_SITE_FETCH_METADATA);
  }
}
