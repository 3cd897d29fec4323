package dev.bulwark.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.CspConfig;
import org.junit.jupiter.api.Test;

class InlineCodePolicyTest {

  private static InlineCode first(String html) {
    return TemplateScanner.scan("t.html", html, TemplateSyntax.HTML).get(0);
  }

  private static boolean allows(String policy, String html) {
    return InlineCodePolicy.of(policy).judge(first(html)).allowed();
  }

  @Test
  void theDefaultPolicyAllowsOnlyNonceBearingElements() {
    String policy = CspConfig.DEFAULT_HTML_POLICY;
    assertThat(allows(policy, "<script nonce=x>a()</script>")).isTrue();
    assertThat(allows(policy, "<style nonce=x>p{}</style>")).isTrue();
    assertThat(allows(policy, "<script>a()</script>")).isFalse();
    assertThat(allows(policy, "<p style='color: red'>")).isFalse();
    assertThat(allows(policy, "<p onclick='a()'>")).isFalse();
    assertThat(allows(policy, "<a href='javascript:a()'>")).isFalse();
    assertThat(InlineCodePolicy.of(policy).judge(first("<p style='x'>")).directive()).isEqualTo("style-src");
    assertThat(InlineCodePolicy.of(policy).judge(first("<p onclick='x'>")).directive()).isEqualTo("script-src");
  }

  @Test
  void unsafeInlineAllowsAllInlineCodeUnlessANonceOrHashIsListed() {
    assertThat(allows("style-src 'self' 'unsafe-inline'", "<p style='color: red'>")).isTrue();
    assertThat(allows("style-src 'self' 'unsafe-inline'", "<style>p{}</style>")).isTrue();
    assertThat(allows("script-src 'unsafe-inline'", "<a href='javascript:a()'>")).isTrue();
    // A nonce or hash in the list turns 'unsafe-inline' off, as browsers do.
    assertThat(allows("style-src 'unsafe-inline' 'nonce-{nonce}'", "<p style='color: red'>")).isFalse();
    assertThat(allows("script-src 'unsafe-inline' 'sha256-AAAA'", "<p onclick='a()'>")).isFalse();
    // 'strict-dynamic' turns it off for scripts, not for styles.
    assertThat(allows("script-src 'unsafe-inline' 'strict-dynamic'", "<script>a()</script>")).isFalse();
    assertThat(allows("default-src 'unsafe-inline' 'strict-dynamic'", "<style>p{}</style>")).isTrue();
  }

  @Test
  void aListedHashAllowsElementsAndWithUnsafeHashesAttributes() {
    InlineCode script = first("<script>a()</script>");
    assertThat(allows("script-src 'self' " + script.sha256(), "<script>a()</script>")).isTrue();
    assertThat(allows("script-src 'self' " + script.sha256(), "<script>b()</script>")).isFalse();
    // The algorithm's name is case-insensitive, base64url digests match too.
    String upper = script.sha256().replace("'sha256-", "'SHA256-").replace('+', '-').replace('/', '_');
    assertThat(allows("script-src " + upper, "<script>a()</script>")).isTrue();

    InlineCode style = first("<p style='color: red'>");
    assertThat(allows("style-src " + style.sha256(), "<p style='color: red'>")).isFalse();
    assertThat(allows("style-src 'unsafe-hashes' " + style.sha256(), "<p style='color: red'>")).isTrue();
    assertThat(allows("script-src 'unsafe-hashes' " + first("<p onclick='go()'>").sha256(), "<p onclick='go()'>")).isTrue();
    // No hash allows a javascript: URL.
    InlineCode url = first("<a href='javascript:go()'>");
    assertThat(allows("script-src 'unsafe-hashes' " + url.sha256() + " " + InlineCode.hashSource("SHA-256", "go()"),
        "<a href='javascript:go()'>")).isFalse();
  }

  @Test
  void theMostSpecificDirectiveDecides() {
    assertThat(allows("script-src 'unsafe-inline'; script-src-attr 'none'", "<p onclick='a()'>")).isFalse();
    assertThat(allows("script-src 'none'; script-src-attr 'unsafe-inline'", "<p onclick='a()'>")).isTrue();
    assertThat(allows("style-src 'none'; style-src-elem 'unsafe-inline'", "<style>p{}</style>")).isTrue();
    assertThat(allows("default-src 'none'", "<style>p{}</style>")).isFalse();
    // Without a directive that applies, nothing is restricted.
    assertThat(allows("img-src 'self'", "<script>a()</script>")).isTrue();
  }

  @Test
  void aNonceNeedsANonceSourceAndDynamicTextNeverMatchesAHash() {
    assertThat(allows("script-src 'self'", "<script nonce=x>a()</script>")).isFalse();
    InlineCode dynamic = TemplateScanner.scan("t", "<script>[[${a}]]</script>", TemplateSyntax.THYMELEAF).get(0);
    assertThat(InlineCodePolicy.of("script-src " + dynamic.sha256()).judge(dynamic).allowed()).isFalse();
  }
}
