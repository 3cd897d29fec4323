package dev.bulwark.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bulwark.internal.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProblemWriterTest {

  /** Reads a JSON object strictly (RFC 8259): anything else fails the test. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parsedObject(String json) {
    Object value = JsonReader.read(json);
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }


  @Nested
  class Json {

    @Test
    void writesTheMembersInOrder() {
      String json = ProblemWriter.toJson(Problems.crossSiteRequest().with("requestId", "abc-123"));
      assertThat(json)
          .startsWith("{\"type\":\"urn:bulwark:problem:cross-site-request\",\"title\":\"Cross-site request refused\",\"status\":403,\"detail\":\"")
          .endsWith(",\"requestId\":\"abc-123\"}");
      Map<String, Object> parsed = parsedObject(json);
      assertThat(parsed.keySet()).containsExactly("type", "title", "status", "detail", "requestId");
      assertThat(parsed.get("status")).isEqualTo(new BigDecimal(403));
      assertThat(parsed.get("detail")).isEqualTo(Problems.crossSiteRequest().detail());
    }

    @Test
    void omitsAMissingDetail() {
      String json = ProblemWriter.toJson(Problem.ofStatus(404));
      assertThat(json).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}");
    }

    @Test
    void escapesQuotesBackslashesAndControls() {
      String detail = "say \"hi\"\\ \n\r\t\b\f\u0000\u001f\u007f end";
      String json = ProblemWriter.toJson(new Problem("about:blank", "T", 400, detail, null));
      assertThat(json)
          .contains("say \\\"hi\\\"\\\\ \\n\\r\\t\\u0008\\u000c\\u0000\\u001f\u007f end");
      assertThat(parsedObject(json).get("detail")).isEqualTo(detail);
    }

    @Test
    void escapesHtmlSignificantCharacters() {
      String detail = "</script><script>alert(1)</script>&amp;";
      String json = ProblemWriter.toJson(new Problem("about:blank", "T", 400, detail, null));
      assertThat(json).doesNotContain("<", ">", "&").contains("\\u003c/script\\u003e").contains("\\u0026amp;");
      assertThat(parsedObject(json).get("detail")).isEqualTo(detail);
    }

    @Test
    void escapesLineAndParagraphSeparators() {
      String detail = "a\u2028b\u2029c";
      String json = ProblemWriter.toJson(new Problem("about:blank", "T", 400, detail, null));
      assertThat(json).contains("a\\u2028b\\u2029c");
      assertThat(parsedObject(json).get("detail")).isEqualTo(detail);
    }

    @Test
    void keepsPairedSurrogatesAndEscapesLoneOnes() {
      String emoji = "\uD83D\uDE00";
      String detail = "ok " + emoji + " lone high \uD83D x lone low \uDE00 reversed \uDE00\uD83D end \uD83D";
      String json = ProblemWriter.toJson(new Problem("about:blank", "T", 400, detail, null));
      assertThat(json)
          .contains("ok " + emoji + " ")
          .contains("lone high \\ud83d x")
          .contains("lone low \\ude00 reversed \\ude00\\ud83d end \\ud83d\"");
      assertThat(parsedObject(json).get("detail")).isEqualTo(detail);
      assertThat(isWellFormedUtf16(json)).isTrue();
    }

    @Test
    void writesExtensionValuesByType() {
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("k<", "v\"");
      nested.put("n", null);
      Problem problem =
          Problem.ofStatus(429)
              .with("retryAfter", 30)
              .with("ratio", 0.5)
              .with("limited", true)
              .with("tags", List.of("a", 1, false))
              .with("nested", nested)
              .with("other", new StringBuilder("sb"))
              .with("nothing", null);
      String json = ProblemWriter.toJson(problem);
      Map<String, Object> parsed = parsedObject(json);
      assertThat(parsed.get("retryAfter")).isEqualTo(new BigDecimal(30));
      assertThat(parsed.get("ratio")).isEqualTo(new BigDecimal("0.5"));
      assertThat(parsed.get("limited")).isEqualTo(true);
      assertThat(parsed.get("tags")).isEqualTo(List.of("a", new BigDecimal(1), false));
      Map<String, Object> expectedNested = new LinkedHashMap<>();
      expectedNested.put("k<", "v\"");
      expectedNested.put("n", null);
      assertThat(parsed.get("nested")).isEqualTo(expectedNested);
      assertThat(parsed.get("other")).isEqualTo("sb");
      assertThat(parsed).containsEntry("nothing", null);
      assertThat(parsed.get("title")).isEqualTo("Too Many Requests");
    }

    @Test
    void escapesExtensionNames() {
      String json = ProblemWriter.toJson(Problem.ofStatus(400).with("a\"<b", "x"));
      assertThat(parsedObject(json)).containsEntry("a\"<b", "x");
    }

    @Test
    void miniJsonRefusesInvalidDocuments() {
      assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":\"x\ny\"}"));
      assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":\"x\\qy\"}"));
      assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":NaN}"));
      assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":1}x"));
      assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":\"x\"\"}"));
    }
  }

  @Nested
  class Html {

    @Test
    void escapesMarkup() {
      Problem problem =
          new Problem("about:blank", "<b>Title</b>", 400, "<script>alert('x')</script> & \"q\"", Map.of("requestId", "<id>"));
      String html = ProblemWriter.toHtml(problem);
      assertThat(html)
          .startsWith("<!DOCTYPE html>\n")
          .contains("<title>400 &lt;b&gt;Title&lt;/b&gt;</title>")
          .contains("<h1>400 &lt;b&gt;Title&lt;/b&gt;</h1>")
          .contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;</p>")
          .contains("<p>Request id: <code>&lt;id&gt;</code></p>")
          .doesNotContain("<script", "<b>", "<id>");
    }

    @Test
    void replacesControlCharactersButKeepsNewlinesAndTabs() {
      String html = ProblemWriter.toHtml(new Problem("about:blank", "T", 400, "a\u0000b\rc\nd\te", null));
      assertThat(html).contains("<p>a b c\nd\te</p>");
    }

    @Test
    void omitsDetailAndRequestIdWhenAbsent() {
      String html = ProblemWriter.toHtml(Problem.ofStatus(500));
      assertThat(html)
          .contains("<title>500 Internal Server Error</title>")
          .doesNotContain("<p>")
          .endsWith("</body></html>\n");
    }
  }

  @Nested
  class BuiltIn {

    @Test
    void builtInProblems() {
      assertThat(Problems.hostNotAllowed().status()).isEqualTo(400);
      assertThat(Problems.hostNotAllowed().type()).isEqualTo("urn:bulwark:problem:host-not-allowed");
      assertThat(Problems.crossSiteRequest().status()).isEqualTo(403);
      assertThat(Problems.corsRejected().status()).isEqualTo(403);
      assertThat(Problems.internalError().status()).isEqualTo(500);
      assertThat(Problems.internalError().extensions()).isEmpty();
    }

    @Test
    void withCopies() {
      Problem base = Problems.internalError();
      Problem withId = base.with("requestId", "r1");
      assertThat(base.extensions()).isEmpty();
      assertThat(withId.extensions()).containsExactly(Map.entry("requestId", "r1"));
      assertThat(withId.detail()).isEqualTo(base.detail());
    }

    @Test
    void titles() {
      assertThat(HttpStatusTitles.title(413)).isEqualTo("Content Too Large");
      assertThat(HttpStatusTitles.title(422)).isEqualTo("Unprocessable Content");
      assertThat(HttpStatusTitles.title(418)).isEqualTo("Client Error");
      assertThat(HttpStatusTitles.title(599)).isEqualTo("Server Error");
      assertThat(HttpStatusTitles.title(302)).isEqualTo("Status 302");
    }
  }

  // ---- properties ----

  @Provide
  Arbitrary<String> nastyStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withChars("\"\\<>&'\u0000\n\r\t\u001f\u007f\u2028\u2029\uD83D\uDE00 a").ofMaxLength(40));
  }

  @Property
  void jsonIsValidAndRoundTripsEveryDetail(@ForAll("nastyStrings") String detail, @ForAll("nastyStrings") String title) {
    String json = ProblemWriter.toJson(new Problem("about:blank", title, 400, detail, Map.of("requestId", detail)));
    Map<String, Object> parsed = parsedObject(json);
    assertThat(parsed.get("detail")).isEqualTo(detail);
    assertThat(parsed.get("title")).isEqualTo(title);
    assertThat(parsed.get("requestId")).isEqualTo(detail);
  }

  @Property
  void jsonHasNoRawControlsOrMarkupAndOnlyEscapedQuotes(@ForAll("nastyStrings") String detail) {
    String json = ProblemWriter.toJson(new Problem("about:blank", "T", 400, detail, null));
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      assertThat(c < 0x20).as("raw control U+%04X at %d", (int) c, i).isFalse();
      assertThat(c).isNotIn('<', '>', '&', '\u2028', '\u2029');
    }
    // the detail member's value: from after "detail":" to the closing quote of the document
    String prefix = "\"detail\":\"";
    int start = json.indexOf(prefix) + prefix.length();
    int end = json.length() - 2;
    assertThat(json.substring(end)).isEqualTo("\"}");
    String value = json.substring(start, end);
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '\\') {
        i++; // skip the escaped character
        continue;
      }
      assertThat(value.charAt(i)).as("unescaped quote at %d in %s", i, value).isNotEqualTo('"');
    }
    assertThat(isWellFormedUtf16(json)).isTrue();
  }

  @Property
  void htmlNeverContainsMarkupFromValues(@ForAll("nastyStrings") String detail) {
    String html = ProblemWriter.toHtml(new Problem("about:blank", detail, 400, detail, Map.of("requestId", detail)));
    String fixed =
        html.replace("<!DOCTYPE html>", "")
            .replaceAll("</?(html|head|meta|title|body|h1|p|code)( [a-z]+=\"[^\"]*\")*>", "");
    assertThat(fixed).doesNotContain("<", ">", "\"", "'", "\u0000", "\r");
  }

  private static boolean isWellFormedUtf16(String s) {
    try {
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(java.nio.CharBuffer.wrap(s));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
