package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSecurityPolicyTest {

  @Test
  void parsesDirectivesInOrder() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.parse("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    assertThat(csp.directives()).containsOnlyKeys("default-src", "img-src", "frame-ancestors");
    assertThat(csp.directives().keySet()).containsExactly("default-src", "img-src", "frame-ancestors");
    assertThat(csp.directives().get("img-src")).containsExactly("'self'", "data:");
    assertThat(csp.directives().get("frame-ancestors")).containsExactly("'none'");
  }

  @Test
  void serializesCanonically() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.parse("  Default-Src   'self'\t https://cdn.example ;;  upgrade-insecure-requests ;");
    assertThat(csp).hasToString("default-src 'self' https://cdn.example; upgrade-insecure-requests");
    assertThat(csp.directives().get("upgrade-insecure-requests")).isEmpty();
  }

  @Test
  void defaultPoliciesAreAlreadyCanonical() {
    assertThat(ContentSecurityPolicy.parse(CspConfig.DEFAULT_HTML_POLICY)).hasToString(CspConfig.DEFAULT_HTML_POLICY);
    assertThat(ContentSecurityPolicy.parse(CspConfig.DEFAULT_API_POLICY)).hasToString(CspConfig.DEFAULT_API_POLICY);
    assertThat(ContentSecurityPolicy.parse(CspConfig.DEFAULT_HTML_POLICY).risks()).isEmpty();
    assertThat(ContentSecurityPolicy.parse(CspConfig.DEFAULT_API_POLICY).risks()).isEmpty();
  }

  @Test
  void emptyPolicyHasNoDirectives() {
    assertThat(ContentSecurityPolicy.parse("").directives()).isEmpty();
    assertThat(ContentSecurityPolicy.parse(" ; ;").toString()).isEmpty();
  }

  @Test
  void directivesAreUnmodifiable() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.parse("script-src 'self'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> csp.directives().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> csp.directives().get("script-src").add("*"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void duplicateDirectiveIsAnError() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentSecurityPolicy.parse("script-src 'self'; img-src *; script-src https://cdn.example"))
        .withMessageContaining("'script-src' appears twice");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentSecurityPolicy.parse("script-src 'self'; SCRIPT-SRC 'none'"))
        .withMessageContaining("'script-src' appears twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"script_src 'self'", "scr!pt-src 'self'", "\"script-src\" 'self'", "script-src: 'self'"})
  void badDirectiveNameIsAnError(String policy) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentSecurityPolicy.parse(policy))
        .withMessageContaining("is not a CSP directive name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "script-src {nonce}", "script-src nonce-{nonce}", "script-src 'nonce-{nonce}", "script-src '{nonce}'",
        "script-src 'sha256-{nonce}'", "script-src \"nonce-{nonce}\"", "script-src 'NONCE-{nonce}'",
        "script-src 'nonce-{nonce}'x"
      })
  void noncePlaceholderMustBeWrittenExactly(String policy) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentSecurityPolicy.parse(policy))
        .withMessageContaining("'nonce-{nonce}'");
  }

  @Test
  void detectsTheNoncePlaceholder() {
    assertThat(ContentSecurityPolicy.parse("script-src 'self' 'nonce-{nonce}'").usesNonce()).isTrue();
    assertThat(ContentSecurityPolicy.parse("script-src 'self' 'nonce-abc'").usesNonce()).isFalse();
    assertThat(ContentSecurityPolicy.parse("script-src 'self'").usesNonce()).isFalse();
  }

  @Test
  void unsafeInlineIsRisky() {
    assertThat(ContentSecurityPolicy.parse("script-src 'self' 'unsafe-inline'").risks())
        .containsExactly(RiskySetting.UNSAFE_INLINE);
    assertThat(ContentSecurityPolicy.parse("style-src 'UNSAFE-INLINE'").risks())
        .containsExactly(RiskySetting.UNSAFE_INLINE);
  }

  @Test
  void unsafeEvalIsRisky() {
    assertThat(ContentSecurityPolicy.parse("script-src 'self' 'unsafe-eval'").risks())
        .containsExactly(RiskySetting.UNSAFE_EVAL);
  }

  @Test
  void bareWildcardIsRiskyAnywhere() {
    assertThat(ContentSecurityPolicy.parse("img-src *").risks()).containsExactly(RiskySetting.WILDCARD);
    assertThat(ContentSecurityPolicy.parse("connect-src 'self' *").risks()).containsExactly(RiskySetting.WILDCARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https:", "http:", "data:", "blob:", "*:", "HTTPS:"})
  void schemeSourcesAreRiskyForScripts(String source) {
    for (String directive : List.of("script-src", "script-src-elem", "script-src-attr", "object-src", "worker-src")) {
      assertThat(ContentSecurityPolicy.parse(directive + " " + source).risks())
          .as(directive)
          .containsExactly(RiskySetting.WILDCARD);
    }
  }

  @Test
  void schemeSourcesAreFineForOtherContent() {
    assertThat(ContentSecurityPolicy.parse("img-src https: data: blob:; style-src https:; font-src data:").risks()).isEmpty();
  }

  @Test
  void defaultSrcCountsAsScriptSrcOnlyWithoutScriptSrc() {
    assertThat(ContentSecurityPolicy.parse("default-src https:").risks()).containsExactly(RiskySetting.WILDCARD);
    assertThat(ContentSecurityPolicy.parse("default-src https:; script-src 'self'").risks()).isEmpty();
    assertThat(ContentSecurityPolicy.parse("script-src 'self'; default-src data:").risks()).isEmpty();
    // a bare * is risky even in default-src with script-src present
    assertThat(ContentSecurityPolicy.parse("default-src *; script-src 'self'").risks())
        .containsExactly(RiskySetting.WILDCARD);
  }

  @Test
  void hostSourcesWithWildcardSubdomainsAreNotBareWildcards() {
    assertThat(ContentSecurityPolicy.parse("script-src https://*.example.com 'self'").risks()).isEmpty();
  }

  @Test
  void collectsEveryRisk() {
    assertThat(ContentSecurityPolicy.parse("script-src 'unsafe-inline' 'unsafe-eval' https:; img-src *").risks())
        .containsExactlyInAnyOrder(RiskySetting.UNSAFE_INLINE, RiskySetting.UNSAFE_EVAL, RiskySetting.WILDCARD);
  }

  @Test
  void riskFreePolicies() {
    assertThat(
            ContentSecurityPolicy.parse(
                    "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'strict-dynamic'; img-src 'self' https:")
                .risks())
        .isEmpty();
  }
}
