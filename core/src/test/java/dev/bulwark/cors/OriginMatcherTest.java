package dev.bulwark.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginMatcherTest {

  private final OriginMatcher matcher =
      new OriginMatcher(List.of("https://app.example.com", " HTTPS://Admin.Example.com ", "https://*.example.com", "http://localhost:3000"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com", "HTTPS://APP.EXAMPLE.COM", "https://admin.example.com", "https://a.example.com",
        "https://a.b.example.com", "https://A-1.example.com", "https://x.EXAMPLE.com", "http://localhost:3000"
      })
  void allows(String origin) {
    assertThat(matcher.matches(origin)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com", // the pattern needs a subdomain
        "https://.example.com",
        "https://example.com.evil", // suffix is not a substring match
        "https://example.com.evil.com",
        "https://a.example.com.evil",
        "https://evil-example.com", // not a label boundary
        "https://evilexample.com",
        "http://a.example.com", // scheme differs
        "ws://a.example.com",
        "https://a.example.com:8443", // port differs
        "https://app.example.com/", // not an origin
        "https://evil.com/.example.com", // path
        "https://evil.com?.example.com", // query
        "https://evil.com#.example.com",
        "https://user@a.example.com", // userinfo
        "https://evil.com\\.example.com",
        "https://evil.com:1.example.com",
        "http://localhost:3001",
        "http://localhost",
        "null",
        "",
        // found by the fuzz tests: empty labels, non-ASCII labels, Unicode case folding (Kelvin sign)
        "https://..example.com",
        "https://a..example.com",
        "https://\u00e4.example.com",
        "https://\u212Aey.example.com",
      })
  void refuses(String origin) {
    assertThat(matcher.matches(origin)).isFalse();
  }

  @Test
  void foldsOnlyAsciiLetters() {
    // Java's equalsIgnoreCase folds the Kelvin sign to k: a look-alike origin passed for a listed one
    OriginMatcher kube = new OriginMatcher(List.of("https://kube.example", "https://*.k8s.example"));
    assertThat(kube.matches("https://KUBE.example")).isTrue();
    assertThat(kube.matches("https://\u212Aube.example")).isFalse();
    assertThat(kube.matches("https://a.\u212A8s.example")).isFalse();
  }

  @Test
  void quotesAtMostTheStartOfABadEntry() {
    String bad = "https://" + "a".repeat(300) + "/";
    assertThatThrownBy(() -> OriginMatcher.validate(bad)).hasMessageStartingWith("'" + bad.substring(0, 60) + "...'");
  }

  @Test
  void nullIsNeverAllowedEvenWithWildcard() {
    OriginMatcher any = new OriginMatcher(List.of("*"));
    assertThat(any.allowsAny()).isTrue();
    assertThat(any.isEmpty()).isFalse();
    assertThat(any.matches("https://anything.example")).isTrue();
    assertThat(any.matches("null")).isFalse();
    assertThat(any.matches(null)).isFalse();
    assertThat(any.matches("")).isFalse();
  }

  @Test
  void literalNullInTheListDoesNotAllowNullOrigins() {
    OriginMatcher withNull = new OriginMatcher(List.of("null"));
    assertThat(withNull.matches("null")).isFalse();
  }

  @Test
  void emptyListAllowsNothing() {
    OriginMatcher empty = new OriginMatcher(List.of());
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.allowsAny()).isFalse();
    assertThat(empty.matches("https://app.example.com")).isFalse();
  }

  @Test
  void subdomainPatternWithPort() {
    OriginMatcher withPort = new OriginMatcher(List.of("https://*.example.com:8443"));
    assertThat(withPort.matches("https://a.example.com:8443")).isTrue();
    assertThat(withPort.matches("https://a.example.com")).isFalse();
    assertThat(withPort.matches("https://a.example.com:443")).isFalse();
    assertThat(withPort.matches("https://example.com:8443")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*", "https://app.example.com", "https://*.example.com", "http://localhost:3000", "https://[::1]:8443",
        "https://[2001:db8::1]", "chrome-extension://abcdef", " https://padded.example "
      })
  void validatesOrigins(String origin) {
    OriginMatcher.validate(origin);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com/", "https://app.example.com/path", "app.example.com", "https://", "*.example.com",
        "https://*", "https://a.*.example.com", "https://app.example.com:123456", "https://user@app.example.com",
        "https://app.example.com?x", "null", "", "https://app example.com"
      })
  void refusesEntriesThatAreNotOrigins(String origin) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OriginMatcher.validate(origin))
        .withMessageContaining("is not an origin such as https://app.example.com");
  }

  @Property
  void subdomainPatternNeverMatchesAnOriginThatDoesNotEndInTheDomain(@ForAll("hosts") String host) {
    OriginMatcher pattern = new OriginMatcher(List.of("https://*.example.com"));
    String origin = "https://" + host;
    boolean matched = pattern.matches(origin);
    if (matched) {
      String lower = host.toLowerCase(java.util.Locale.ROOT);
      assertThat(lower).endsWith(".example.com");
      assertThat(lower.substring(0, lower.length() - ".example.com".length()))
          .isNotEmpty()
          .doesNotContain("/", "?", "#", "@", ":", "\\", " ");
    }
    assertThat(pattern.matches("https://" + host + ".evil")).isFalse();
    assertThat(pattern.matches("http://" + host)).isFalse();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> hosts() {
    net.jqwik.api.Arbitrary<String> any = net.jqwik.api.Arbitraries.strings().ofMaxLength(30);
    net.jqwik.api.Arbitrary<String> urlish =
        net.jqwik.api.Arbitraries.strings().withChars("abc.-/?#@:\\ ").ofMaxLength(20);
    return net.jqwik.api.Arbitraries.oneOf(any, urlish, urlish.map(prefix -> prefix + ".example.com"), urlish.map(p -> p + "example.com"));
  }
}
