package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersConfigTest {

  @Test
  void defaults() {
    HeadersConfig config = HeadersConfig.defaults();
    assertThat(config.enabled()).isTrue();
    assertThat(config.frameOptions()).isEqualTo("DENY");
    assertThat(config.crossOriginEmbedderPolicy()).isEmpty();
    assertThat(config.cacheControl()).isEqualTo(HeadersConfig.DEFAULT_CACHE_CONTROL);
    assertThat(config.remove()).isEqualTo(OwaspRemoveList.HEADERS);
    assertThat(config.allowRisky()).isEmpty();
    assertThat(config.csp()).isEqualTo(CspConfig.defaults());
    assertThat(config.hsts()).isEqualTo(HstsConfig.defaults());
  }

  @Test
  void cspDefaults() {
    CspConfig csp = CspConfig.defaults();
    assertThat(csp.enabled()).isTrue();
    assertThat(csp.htmlPolicy()).isEqualTo(CspConfig.DEFAULT_HTML_POLICY);
    assertThat(csp.apiPolicy()).isEqualTo(CspConfig.DEFAULT_API_POLICY);
    assertThat(csp.reportOnlyPolicy()).isEmpty();
    assertThat(csp.reportPath()).isEqualTo("/bulwark/csp-report");
    assertThat(csp.upgradeInsecureRequests()).isTrue();
  }

  @Test
  void hstsDefaults() {
    HstsConfig hsts = HstsConfig.defaults();
    assertThat(hsts.enabled()).isTrue();
    assertThat(hsts.maxAge()).isEqualTo(Duration.ofDays(730));
    assertThat(hsts.includeSubDomains()).isTrue();
    assertThat(hsts.preload()).isFalse();
    assertThat(hsts.headerValue()).isEqualTo("max-age=63072000; includeSubDomains");
  }

  @Test
  void hstsRefusesNegativeMaxAge() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HstsConfig(null, Duration.ofSeconds(-1), null, null))
        .withMessageContaining("max-age");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DENY\r\nSet-Cookie: a=b", "DE\nNY", "a\u0000b", "a\u007fb", "\u2028", "caf\u00e9\u0100"})
  void refusesValuesThatCouldSplitAHeader(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new HeadersConfig(
                    null, null, null, value, null, null, null, null, null, null, null, null, null, null, null))
        .withMessageContaining("printable ASCII");
  }

  @Test
  void allowsTabsAndLatin1() {
    HeadersConfig config =
        new HeadersConfig(null, null, null, "DENY\tx", null, null, null, null, null, null, null, null, "caf\u00e9", null, null);
    assertThat(config.frameOptions()).isEqualTo("DENY\tx");
  }

  @Test
  void refusesUnsafePolicies() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> headersWithCsp(new CspConfig(null, "default-src 'self'\r\nX: y", null, null, null, null, null)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> headersWithCsp(new CspConfig(null, null, "default-src\n'none'", null, null, null, null)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> headersWithCsp(new CspConfig(null, null, null, "x\u0000", null, null, null)));
  }

  @Test
  void refusesAReportPathThatCouldSplitAHeader() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> headersWithCsp(new CspConfig(null, null, null, null, "/csp\r\nSet-Cookie: a=b", null, null)));
  }

  @Test
  void reportPathMustBeAbsoluteOrEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CspConfig(null, null, null, null, "csp-report", null, null))
        .withMessageContaining("report-path");
    assertThat(new CspConfig(null, null, null, null, "", null, null).reportPath()).isEmpty();
  }

  @Test
  void copiesLists() {
    java.util.ArrayList<String> remove = new java.util.ArrayList<>(List.of("Server"));
    HeadersConfig config =
        new HeadersConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, remove, null);
    remove.add("Date");
    assertThat(config.remove()).containsExactly("Server");
  }

  private static HeadersConfig headersWithCsp(CspConfig csp) {
    return new HeadersConfig(null, csp, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
