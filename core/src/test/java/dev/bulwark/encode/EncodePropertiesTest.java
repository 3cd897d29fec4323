package dev.bulwark.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of every {@link Encode} context over arbitrary and hostile strings: what the output may
 * never contain, and that decoding it the way its context does gives the input back (so the encoder
 * neither lets markup through nor loses data). The decoders here are written from the HTML, CSS,
 * JavaScript and WHATWG URL rules, not from the encoder, and fail on any escape the context would
 * not understand.
 */
class EncodePropertiesTest {

  private static final int TRIES = 3000;

  /** Arbitrary text, and text built from the characters and tokens that break out of contexts. */
  @Provide
  Arbitrary<String> text() {
    Arbitrary<String> tokens =
        Arbitraries.of(
                "<", ">", "\"", "'", "`", "&", "\\", "/", "-", "=", "${", "}", ";", ":", " ", "\t", "\n", "\r",
                "\f", "\u000b", "\u0000", "\u0001", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff",
                "\ud800", "\udc00", "\ud83d\ude00", "\ufffe", "\ufdd0", "</script>", "</SCRIPT >", "<!--", "-->",
                "<script>", "</style>", "&#39;", "&quot;", "&amp;", "\\x27", "\\u0027", "javascript:", "alert(1)",
                "a", "Z", "0", "f", "é", "中")
            .list()
            .ofMaxSize(16)
            .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().ascii().ofMaxLength(40),
        tokens);
  }

  // --- HTML ---------------------------------------------------------------------------------------

  @Property(tries = TRIES)
  void htmlTextHasNoMarkupAndDecodesBack(@ForAll("text") String text) {
    String out = Encode.html(text);
    assertThat(out).doesNotContain("<", ">", "\"", "'");
    assertSameOrReplaced(text, decodeHtml(out), ' ', EncodePropertiesTest::notHtmlText);
  }

  /**
   * A quoted attribute value: no quote of either kind, no {@code <}, and every {@code &} starts a
   * character reference. A raw {@code >} is left as it is: it cannot end a quoted value.
   */
  @Property(tries = TRIES)
  void htmlAttributeCannotEndTheValueAndDecodesBack(@ForAll("text") String text) {
    String out = Encode.htmlAttribute(text);
    assertThat(out).doesNotContain("\"", "'", "<");
    assertSameOrReplaced(text, decodeHtml(out), ' ', EncodePropertiesTest::notHtmlText);
  }

  // --- JavaScript ---------------------------------------------------------------------------------

  @Property(tries = TRIES)
  void javaScriptBlockCannotCloseTheStringOrTheScript(@ForAll("text") String text) {
    String out = Encode.javaScriptBlock(text);
    assertNoLineTerminators(out);
    assertThat(out).doesNotContain("</", "<!--", "-->");
    assertThat(hasBareQuote(out)).as(out).isFalse();
    assertThat(decodeJavaScript(out)).isEqualTo(text);
  }

  @Property(tries = TRIES)
  void javaScriptAttributeHasNoQuoteNorCharacterReference(@ForAll("text") String text) {
    String out = Encode.javaScriptAttribute(text);
    assertNoLineTerminators(out);
    // The attribute is HTML-decoded before the script is parsed: no quote, and no & to build one.
    assertThat(out).doesNotContain("'", "\"", "&");
    assertThat(decodeJavaScript(out)).isEqualTo(text);
  }

  @Property(tries = TRIES)
  void javaScriptIsSafeInBlocksAndAttributesAlike(@ForAll("text") String text) {
    String out = Encode.javaScript(text);
    assertNoLineTerminators(out);
    assertThat(out).doesNotContain("'", "\"", "&", "</", "<!--", "-->");
    assertThat(decodeJavaScript(out)).isEqualTo(text);
  }

  // --- CSS ----------------------------------------------------------------------------------------

  @Property(tries = TRIES)
  void cssStringCannotCloseTheStringOrTheStyle(@ForAll("text") String text) {
    String out = Encode.cssString(text);
    assertThat(out).doesNotContain("'", "\"", "<", ">", "&", "\n", "\r", "\f");
    // Lone surrogate halves cannot be written in UTF-8; the encoder puts "_" in their place.
    assertSameOrReplaced(text, decodeCss(out), '_', EncodePropertiesTest::loneSurrogate);
  }

  /** Found by jqwik: an escape followed by a non-ASCII Unicode digit, which ends the escape. */
  @Example
  void cssEscapeBeforeAUnicodeDigit() {
    String text = "\u0000\uA9D0";
    assertThat(decodeCss(Encode.cssString(text))).isEqualTo(text);
  }

  // --- URL component ------------------------------------------------------------------------------

  @Property(tries = TRIES)
  void uriComponentIsUnreservedOrPercentEncodedAndRoundTrips(@ForAll("text") String text) {
    String out = Encode.uriComponent(text);
    assertThat(out).matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})*");
    // Lone surrogate halves have no UTF-8 form; the encoder puts "-" in their place.
    assertSameOrReplaced(text, URLDecoder.decode(out, StandardCharsets.UTF_8), '-', EncodePropertiesTest::loneSurrogate);
  }

  // --- href and safeUrl ---------------------------------------------------------------------------

  /** Any string: what the browser would see as the scheme of the result is allowed, or absent. */
  @Property(tries = TRIES)
  void hrefNeverLetsABrowserSeeAnUnsafeScheme(@ForAll("urls") String url) {
    String out = Encode.href(url);
    assertThat(out).doesNotContain("\"", "'", "<");
    if (!out.equals(Encode.REFUSED_HREF)) {
      String seen = decodeHtml(out);
      assertThat(browserScheme(seen)).as("%s -> %s", url, out).isIn(null, "http", "https", "mailto");
      assertSameOrReplaced(url, seen, ' ', EncodePropertiesTest::notHtmlText);
    }
    String safe = Encode.safeUrl(url);
    if (!safe.equals(Encode.REFUSED_HREF)) {
      assertThat(safe).isEqualTo(url);
      assertThat(browserScheme(safe)).as(printable(url)).isIn(null, "http", "https", "mailto");
    }
  }

  /** Dangerous schemes however disguised: case, leading controls and spaces, tabs and line breaks inside. */
  @Property(tries = TRIES)
  void disguisedDangerousSchemesAreRefused(@ForAll("dangerous") String url) {
    assertThat(browserScheme(url)).as("the generator builds URLs a browser reads with a scheme").isNotNull();
    assertThat(Encode.href(url)).as(printable(url)).isEqualTo(Encode.REFUSED_HREF);
    assertThat(Encode.safeUrl(url)).as(printable(url)).isEqualTo(Encode.REFUSED_HREF);
  }

  /** Allowed schemes in any case pass through, encoded for the attribute and nothing more. */
  @Property(tries = TRIES)
  void allowedSchemesPassUnchanged(@ForAll("allowed") String url) {
    assertThat(browserScheme(url)).isIn("http", "https", "mailto");
    String out = Encode.href(url);
    assertThat(out).isNotEqualTo(Encode.REFUSED_HREF);
    assertSameOrReplaced(url, decodeHtml(out), ' ', EncodePropertiesTest::notHtmlText);
    assertThat(Encode.safeUrl(url)).isEqualTo(url);
  }

  @Property(tries = TRIES)
  void aNarrowerAllowListIsHonoured(@ForAll("urls") String url) {
    String out = Encode.href(url, Set.of("https"));
    if (!out.equals(Encode.REFUSED_HREF)) {
      assertThat(browserScheme(decodeHtml(out))).as("%s -> %s", url, out).isIn(null, "https");
    }
  }

  @Provide
  Arbitrary<String> urls() {
    return Arbitraries.oneOf(text(), dangerous(), allowed());
  }

  @Provide
  Arbitrary<String> dangerous() {
    Arbitrary<String> scheme =
        Arbitraries.of("javascript", "data", "vbscript", "file", "blob", "livescript", "filesystem", "jar", "view-source", "x")
            .flatMap(EncodePropertiesTest::disguised);
    Arbitrary<String> prefix = Arbitraries.strings().withCharRange('\u0000', '\u0020').ofMaxLength(4);
    return Combinators.combine(prefix, scheme, text()).as((p, s, rest) -> p + s + ":" + rest);
  }

  @Provide
  Arbitrary<String> allowed() {
    Arbitrary<String> scheme =
        Arbitraries.of("http", "https", "mailto").flatMap(s -> randomCase(s));
    Arbitrary<String> prefix = Arbitraries.strings().withChars(' ', '\u0001', '\u001f').ofMaxLength(3);
    Arbitrary<String> rest = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
    return Combinators.combine(prefix, scheme, rest).as((p, s, r) -> p + s + ":" + r);
  }

  /** A scheme in random case with tabs and line breaks (which browsers remove) slipped in. */
  private static Arbitrary<String> disguised(String scheme) {
    return Combinators.combine(randomCase(scheme), Arbitraries.of("", "\t", "\n", "\r", "\r\n").list().ofSize(scheme.length() + 1))
        .as((cased, gaps) -> {
          StringBuilder out = new StringBuilder();
          for (int i = 0; i < cased.length(); i++) {
            out.append(gaps.get(i)).append(cased.charAt(i));
          }
          return out.append(gaps.get(cased.length())).toString();
        });
  }

  private static Arbitrary<String> randomCase(String word) {
    return Arbitraries.of(true, false).list().ofSize(word.length()).map(upper -> {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        out.append(upper.get(i) ? Character.toUpperCase(c) : c);
      }
      return out.toString();
    });
  }

  // --- null and non-strings -----------------------------------------------------------------------

  @Property(tries = 200)
  void anyObjectIsEncodedAsItsText(@ForAll("text") String text) {
    Object object = new Object() {
      @Override
      public String toString() {
        return text;
      }
    };
    assertThat(Encode.html(object)).isEqualTo(Encode.html(text));
    assertThat(Encode.htmlAttribute(new StringBuilder(text))).isEqualTo(Encode.htmlAttribute(text));
    assertThat(Encode.javaScript(object)).isEqualTo(Encode.javaScript(text));
    assertThat(Encode.javaScriptBlock(object)).isEqualTo(Encode.javaScriptBlock(text));
    assertThat(Encode.javaScriptAttribute(object)).isEqualTo(Encode.javaScriptAttribute(text));
    assertThat(Encode.cssString(object)).isEqualTo(Encode.cssString(text));
    assertThat(Encode.uriComponent(object)).isEqualTo(Encode.uriComponent(text));
    assertThat(Encode.href(object)).isEqualTo(Encode.href(text));
    assertThat(Encode.safeUrl(object)).isEqualTo(Encode.safeUrl(text));
  }

  // --- the decoders and oracles -------------------------------------------------------------------

  /** Characters the HTML encoders replace with a space: controls other than tab and line breaks, lone surrogates, noncharacters. */
  private static boolean notHtmlText(int cp) {
    return (Character.getType(cp) == Character.CONTROL && cp != '\t' && cp != '\n' && cp != '\r')
        || (cp >= 0xd800 && cp <= 0xdfff)
        || (cp >= 0xfdd0 && cp <= 0xfdef)
        || (cp & 0xfffe) == 0xfffe;
  }

  /** A surrogate half on its own (a well-formed pair is one code point above U+FFFF). */
  private static boolean loneSurrogate(int cp) {
    return cp >= 0xd800 && cp <= 0xdfff;
  }

  /** Compares code point by code point; where they differ the output must hold the replacement. */
  private static void assertSameOrReplaced(String input, String decoded, char replacement, IntPredicate replaceable) {
    int[] in = input.codePoints().toArray();
    int[] out = decoded.codePoints().toArray();
    assertThat(out.length).as("%s -> %s", printable(input), printable(decoded)).isEqualTo(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != out[i]) {
        assertThat(out[i] == replacement && replaceable.test(in[i]))
            .as("%s -> %s at %d", printable(input), printable(decoded), i)
            .isTrue();
      }
    }
  }

  /** Decodes the character references the HTML encoders write; a bare {@code &} fails. */
  static String decodeHtml(String html) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < html.length(); ) {
      char c = html.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = html.indexOf(';', i);
      assertThat(end).as("a bare & in %s", html).isPositive();
      String name = html.substring(i + 1, end);
      switch (name) {
        case "amp" -> out.append('&');
        case "lt" -> out.append('<');
        case "gt" -> out.append('>');
        case "quot", "#34" -> out.append('"');
        case "#39", "apos" -> out.append('\'');
        default -> throw new AssertionError("unexpected character reference &" + name + "; in " + html);
      }
      i = end + 1;
    }
    return out.toString();
  }

  /** Decodes a JavaScript string literal's body (ECMAScript escape sequences). */
  static String decodeJavaScript(String js) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < js.length(); i++) {
      char c = js.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      assertThat(i + 1).as("a trailing backslash in %s", js).isLessThan(js.length());
      char e = js.charAt(++i);
      switch (e) {
        case 'x' -> {
          out.append((char) Integer.parseInt(js.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          out.append((char) Integer.parseInt(js.substring(i + 1, i + 5), 16));
          i += 4;
        }
        case 'b' -> out.append('\b');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'v' -> out.append('\u000b');
        case 'f' -> out.append('\f');
        case 'r' -> out.append('\r');
        case '0' -> {
          assertThat(i + 1 < js.length() && Character.isDigit(js.charAt(i + 1))).as("a legacy octal escape in %s", js).isFalse();
          out.append('\0');
        }
        case '\n', '\r', '\u2028', '\u2029' -> throw new AssertionError("a line continuation in " + js);
        default -> {
          assertThat(Character.isDigit(e)).as("a legacy octal escape in %s", js).isFalse();
          out.append(e);
        }
      }
    }
    return out.toString();
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Decodes a CSS string's body; every backslash must start a hex escape (CSS Syntax 4.3.7). */
  static String decodeCss(String css) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < css.length(); i++) {
      char c = css.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      int start = ++i;
      // ASCII hex digits only, as CSS Syntax defines them: Character.digit also takes Unicode digits
      // such as U+A9D0, which a browser reads as the next character, not as part of the escape.
      while (i < css.length() && i - start < 6 && isAsciiHex(css.charAt(i))) {
        i++;
      }
      assertThat(i).as("a backslash without hex digits in %s", css).isGreaterThan(start);
      out.appendCodePoint(Integer.parseInt(css.substring(start, i), 16));
      if (i < css.length() && (css.charAt(i) == ' ' || css.charAt(i) == '\t')) {
        i++; // the one space that ends an escape belongs to it
      }
      i--;
    }
    return out.toString();
  }

  /**
   * The scheme a browser reads, lower case, or {@code null} for a relative URL: the WHATWG URL
   * parser strips leading and trailing C0 controls and spaces, removes every tab and line break,
   * and takes an ASCII letter followed by letters, digits, {@code + - .} up to a {@code :}.
   */
  static String browserScheme(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && url.charAt(end - 1) <= ' ') {
      end--;
    }
    StringBuilder cleaned = new StringBuilder();
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        cleaned.append(c);
      }
    }
    if (cleaned.length() == 0 || !isAsciiLetter(cleaned.charAt(0))) {
      return null;
    }
    for (int i = 1; i < cleaned.length(); i++) {
      char c = cleaned.charAt(i);
      if (c == ':') {
        return cleaned.substring(0, i).toLowerCase(Locale.ROOT);
      }
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return null;
      }
    }
    return null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static void assertNoLineTerminators(String js) {
    assertThat(js).doesNotContain("\n", "\r", "\u2028", "\u2029");
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

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("{U+%04X}", (int) c));
    }
    return out.toString();
  }
}
