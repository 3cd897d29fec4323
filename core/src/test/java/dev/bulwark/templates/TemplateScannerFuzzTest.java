package dev.bulwark.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.testing.FuzzFields;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the template scanner: no text makes it throw, every piece of inline code it reports lies
 * within the file (offset and line), elements start at their tag and attributes at their name,
 * an element's text is part of the file, and the policy judges every piece without throwing.
 *
 * <p>Input: the first line picks the syntax ({@code html}, {@code thymeleaf}, {@code jsp}; anything
 * else is HTML), the rest is the template.
 */
class TemplateScannerFuzzTest {

  private static final InlineCodePolicy DEFAULT_POLICY = InlineCodePolicy.of(CspConfig.DEFAULT_HTML_POLICY);

  @FuzzTest
  void anyTextScansWithinTheFile(byte[] data) {
    String all = FuzzFields.text(data);
    int newline = all.indexOf('\n');
    String first = newline < 0 ? all : all.substring(0, newline);
    String text = newline < 0 ? "" : all.substring(newline + 1);
    TemplateSyntax syntax =
        switch (first.trim()) {
          case "thymeleaf" -> TemplateSyntax.THYMELEAF;
          case "jsp" -> TemplateSyntax.JSP;
          default -> TemplateSyntax.HTML;
        };
    assertScansWithinTheFile(text, syntax);
  }

  /**
   * The same property over many garbled templates, built from the pieces the tokenizer cares about,
   * so every build exercises it beyond the seed corpus.
   */
  @Test
  void garbledTemplatesScanWithinTheFile() {
    String[] pieces = {
      "<", ">", "/", "=", "\"", "'", " ", "\n", "\r", "\r\n", "\t", "\0", "<!--", "-->", "<%", "%>", "<%--", "--%>",
      "<!", "<?", "</", "<script", "</script>", "<style", "</style>", "<textarea>", "</textarea", "<p", "<a",
      " style=", " onclick=", " href=", " nonce=", " th:nonce=", " th:inline=", "javascript:", "java\tscript:",
      "[[", "]]", "[(", ")]", "${", "}", "#{", "&amp;", "&#", "&#x", ";", "&", "x", "\uD83D\uDE00", "\uD800",
      "th:style=", "data-th-onclick=", " type=", "module", " src=", "<c:out", "plaintext", "noscript"
    };
    Random random = new Random(20240614);
    for (int run = 0; run < 3000; run++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      for (TemplateSyntax syntax : TemplateSyntax.values()) {
        assertScansWithinTheFile(text.toString(), syntax);
      }
    }
  }

  private static void assertScansWithinTheFile(String text, TemplateSyntax syntax) {
    List<InlineCode> found = TemplateScanner.scan("fuzz.html", text, syntax);
    long lines = text.lines().count() + 1;
    String normalised = TemplateScanner.normalise(text);
    for (InlineCode code : found) {
      assertThat(code.offset()).isBetween(0, Math.max(0, text.length() - 1));
      assertThat(code.line()).isBetween(1, (int) lines);
      assertThat(code.sha256()).startsWith("'sha256-").hasSize(53);
      if (code.kind().isElement()) {
        assertThat(text.regionMatches(true, code.offset(), "<" + code.element(), 0, code.element().length() + 1)).isTrue();
        assertThat(normalised).contains(code.content());
      } else if (!code.dynamic() || syntax != TemplateSyntax.THYMELEAF) {
        // An attribute starts at its name (Thymeleaf's th:style / th:on* merge under the rendered name).
        assertThat(text.regionMatches(true, code.offset(), code.attribute(), 0, code.attribute().length())).isTrue();
      }
      DEFAULT_POLICY.judge(code);
    }
  }
}
