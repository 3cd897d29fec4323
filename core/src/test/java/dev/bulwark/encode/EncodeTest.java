package dev.bulwark.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EncodeTest {

  @Test
  void nullBecomesEmptyInEveryContext() {
    assertThat(Encode.html(null)).isEmpty();
    assertThat(Encode.htmlAttribute(null)).isEmpty();
    assertThat(Encode.javaScript(null)).isEmpty();
    assertThat(Encode.javaScriptBlock(null)).isEmpty();
    assertThat(Encode.javaScriptAttribute(null)).isEmpty();
    assertThat(Encode.cssString(null)).isEmpty();
    assertThat(Encode.uriComponent(null)).isEmpty();
    assertThat(Encode.href(null)).isEmpty();
    assertThat(Encode.href(null, Set.of("https"))).isEmpty();
    assertThat(Encode.safeUrl(null)).isEmpty();
  }

  @Test
  void encodesForEachContext() {
    assertThat(Encode.html("<b>&\"'")).doesNotContain("<", ">", "\"", "'").contains("&lt;b&gt;&amp;");
    assertThat(Encode.htmlAttribute("\" onmouseover=\"x")).doesNotContain("\"");
    assertThat(Encode.javaScriptBlock("';</script><script>alert(1)//")).doesNotContain("</script>").isEqualTo("\\';<\\/script><script>alert(1)\\/\\/");
    assertThat(Encode.javaScriptAttribute("');alert(1)//")).doesNotContain("'");
    assertThat(Encode.cssString("');} body{x:expression(\"")).doesNotContain("'", "\"");
    assertThat(Encode.uriComponent("a b&c=d/é")).isEqualTo("a%20b%26c%3Dd%2F%C3%A9");
    assertThat(Encode.html(42)).isEqualTo("42");
  }

  @Test
  void hrefLetsSafeAndRelativeUrlsThrough() {
    assertThat(Encode.href("https://example.com/a?b=1&c=2")).isEqualTo("https://example.com/a?b=1&amp;c=2");
    assertThat(Encode.href("/notes/42")).isEqualTo("/notes/42");
    assertThat(Encode.href("notes/42#top")).isEqualTo("notes/42#top");
    assertThat(Encode.href("mailto:alice@example.com")).isEqualTo("mailto:alice@example.com");
    assertThat(Encode.href("?page=2")).isEqualTo("?page=2");
    assertThat(Encode.href("javascript&#58;alert(1)")).as("the entity is encoded, never decoded").doesNotContain("&#58;");
  }

  @Test
  void hrefRefusesScriptAndDataUrlsHoweverDisguised() {
    String[] hostile = {
      "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "\u0001javascript:alert(1)",
      "java\tscript:alert(1)", "java\nscript:alert(1)", "jav\r\nascript:alert(1)", "\u00a0javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd", ":alert(1)",
      "java\u0000script:alert(1)",
    };
    for (String url : hostile) {
      assertThat(Encode.href(url)).as(url).isEqualTo(Encode.REFUSED_HREF);
    }
    assertThat(Encode.href("http://example.com", Set.of("https"))).isEqualTo(Encode.REFUSED_HREF);
    assertThat(Encode.safeUrl("java\tscript:alert(1)")).isEqualTo(Encode.REFUSED_HREF);
    assertThat(Encode.safeUrl("/a?b=1&c=2")).as("left for the template engine to escape").isEqualTo("/a?b=1&c=2");
  }

  @Property(tries = 2000)
  void hrefNeverYieldsAnUnsafeScheme(@ForAll String url) {
    String out = Encode.href(url);
    String scheme = Encode.scheme(out.replace("&amp;", "&"));
    assertThat(scheme == null || Encode.SAFE_SCHEMES.contains(scheme) || out.equals(Encode.REFUSED_HREF))
        .as("%s -> %s", url, out)
        .isTrue();
    assertThat(out).doesNotContain("\"", "<");
  }

  /** A quote closes a JavaScript string unless an odd number of backslashes escapes it. */
  private static boolean hasBareQuote(String js) {
    for (int i = 0; i < js.length(); i++) {
      char c = js.charAt(i);
      if (c == '\'' || c == '"') {
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && js.charAt(j) == '\\'; j--) {
          backslashes++;
        }
        if (backslashes % 2 == 0) {
          return true;
        }
      }
    }
    return false;
  }

  @Property(tries = 2000)
  void htmlOutputNeverHoldsMarkup(@ForAll String text) {
    assertThat(Encode.html(text)).doesNotContain("<", ">", "\"", "'");
    assertThat(Encode.htmlAttribute(text)).doesNotContain("\"", "'", "<");
  }

  @Property(tries = 2000)
  void javaScriptStringsCannotBeClosedOrEscaped(@ForAll String text) {
    String block = Encode.javaScriptBlock(text);
    assertThat(block).doesNotContain("</", "\n", "\r");
    assertThat(hasBareQuote(block)).as(block).isFalse();
    String attribute = Encode.javaScriptAttribute(text);
    assertThat(attribute).doesNotContain("'", "\"", "\n", "&");
  }
}
