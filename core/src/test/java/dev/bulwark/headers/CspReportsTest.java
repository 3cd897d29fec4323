package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.internal.JsonReader;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Reports come from any page, so reading them never fails on what a client sends. */
class CspReportsTest {

  @Property(tries = 2000)
  void anyBodyIsReadWithoutThrowing(@ForAll @StringLength(max = 300) String body) {
    List<CspViolation> violations = CspReports.parse(body);
    assertThat(violations).allSatisfy(v -> {
      assertThat(v.directive()).matches("[a-z-]{1,40}|\\?");
      assertThat(v.sample().length()).isLessThanOrEqualTo(40);
    });
  }

  @Property(tries = 1000)
  void anyTextIsJsonOrAnIllegalArgument(@ForAll @StringLength(max = 200) String text) {
    try {
      JsonReader.read(text);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("not JSON at offset");
    }
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    assertThatThrownBy(() -> JsonReader.read("[".repeat(100_000))).isInstanceOf(IllegalArgumentException.class);
    assertThat(CspReports.parse("{\"csp-report\":" + "[".repeat(100_000))).isEmpty();
  }

  @Test
  void jsonIsReadAsMapsListsStringsNumbersAndLiterals() {
    Object value = JsonReader.read(" {\"a\": [1, -2.5e1, true, false, null, \"x\\u00e9\\n\"], \"b\": {}} ");
    assertThat(value).isEqualTo(Map.of("a", java.util.Arrays.asList(new java.math.BigDecimal("1"), new java.math.BigDecimal("-2.5e1"), true, false, null, "x\u00e9\n"), "b", Map.of()));
    assertThatThrownBy(() -> JsonReader.read("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonReader.read("\"unterminated")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonReader.read("+1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonReader.read("01")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonReader.read("\"\\u\uFF10\uFF10\uFF10\uFF10\"")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blockedUrlsKeepTheirOriginOnlyAndPagesTheirPathOnly() {
    assertThat(CspReports.blocked("https://cdn.example.com/lib/app.js?user=ann")).isEqualTo("https://cdn.example.com");
    assertThat(CspReports.blocked("inline")).isEqualTo("inline");
    assertThat(CspReports.blocked("data:image/svg+xml;base64,PHN2Zz4=")).isEqualTo("data");
    assertThat(CspReports.blocked("")).isEqualTo("?");
    assertThat(CspReports.path("https://app.example.com/owners/7?token=abc#x")).isEqualTo("/owners/7");
    assertThat(CspReports.path("about:blank")).isEqualTo("?");
  }
}
