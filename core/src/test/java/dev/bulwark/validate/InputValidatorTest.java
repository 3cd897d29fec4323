package dev.bulwark.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.problem.ProblemWriter;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class InputValidatorTest {

  static final InputValidator VALIDATOR = InputValidator.create();

  record Profile(
      @NotBlank @PlainText(max = 20) String name,
      @PlainText(max = 200, multiline = true) String bio,
      @SafeUrl String homepage,
      @Identifier(max = 16) String handle,
      @Size(max = 3, message = "${validatedValue} has more than {max}: ${1+1}") String code) {}

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  private static List<String> pointers(Profile profile) {
    return VALIDATOR.validate(profile).stream().map(Violation::pointer).toList();
  }

  @Test
  void validInputPasses() {
    Profile profile = new Profile("Alice", "Line one\nline two", "https://alice.example/about", "alice_01", "abc");
    assertThat(VALIDATOR.check(profile)).isSameAs(profile);
  }

  @Test
  void plainTextRefusesMarkupControlsBidiOverridesAndUnnormalisedText() {
    assertThat(pointers(new Profile("<b>Alice</b>", null, null, null, null))).containsExactly("/name");
    assertThat(pointers(new Profile("Al\u0000ice", null, null, null, null))).containsExactly("/name");
    assertThat(pointers(new Profile("Alice\nBob", null, null, null, null))).as("one line only").containsExactly("/name");
    assertThat(pointers(new Profile("evil\u202Etxt.exe", null, null, null, null))).containsExactly("/name");
    assertThat(pointers(new Profile("Cafe\u0301", null, null, null, null))).as("decomposed is the same text").isEmpty();
    assertThat(pointers(new Profile("Café", null, null, null, null))).isEmpty();
    assertThat(pointers(new Profile("x".repeat(21), null, null, null, null))).containsExactly("/name");
    assertThat(pointers(new Profile("\uD83D\uDE00 ok", null, null, null, null))).as("emoji are text").isEmpty();
    assertThat(pointers(new Profile("broken \uD83D", null, null, null, null))).as("lone surrogate").containsExactly("/name");
  }

  private static List<String> messages(Profile profile) {
    return VALIDATOR.validate(profile).stream().map(Violation::message).toList();
  }

  @Test
  void plainTextAcceptsComparisonsAndDecomposedText() {
    for (String text : new String[] {"5 < 6", "a <= b", "x > y", "<<>>", "<3", "<", ">", "a < b > c", "1<2", "< b", "<=>",
        "Cafe\u0301", "\u1100\u1161\u11a8", "A\u030a ngstr\u006f\u0308m"}) {
      assertThat(pointers(new Profile(text, null, null, null, null))).as(text).isEmpty();
    }
    // max counts the NFC form: "Cafe" + combining accent is 5 chars as sent, 4 as text
    assertThat(dev.bulwark.validate.internal.PlainTextValidator.isPlainText("Cafe\u0301", 4, false)).isTrue();
    assertThat(dev.bulwark.validate.internal.PlainTextValidator.isPlainText("Cafe\u0301", 3, false)).isFalse();
  }

  @Test
  void plainTextSaysWhyItRefusedWithoutTheInput() {
    String markup = "must not contain HTML markup (\"<\" followed by a letter, \"/\", \"!\" or \"?\")";
    for (String text : new String[] {"<b>Zq</b>", "Zq</", "<!--Zq", "<?Zq", "<script", "Zq <\u00e9t\u00e9>", "<\u0436"}) {
      assertThat(messages(new Profile(text, null, null, null, null))).as(text).containsExactly(markup);
    }
    assertThat(messages(new Profile("Zq\u0000", null, null, null, null)))
        .containsExactly("must be one line without control characters (no line breaks or tabs)");
    assertThat(messages(new Profile("a", "Zq\u0007", null, null, null)))
        .containsExactly("must not contain control characters other than line breaks and tabs");
    assertThat(messages(new Profile("Zq\u202E", null, null, null, null)))
        .containsExactly("must not contain bidirectional direction-override or direction-mark characters");
    assertThat(messages(new Profile("Zq\uD800", null, null, null, null)))
        .containsExactly("must be valid Unicode text (an unpaired surrogate)");
    assertThat(messages(new Profile("Zq".repeat(11), null, null, null, null))).containsExactly("must be at most 20 characters");
    assertThat(messages(new Profile("Zq".repeat(100_000), null, null, null, null))).containsExactly("must be at most 20 characters");
  }

  record Custom(@PlainText(message = "no, thanks") String text) {}

  @Test
  void aCustomMessageReplacesTheReason() {
    assertThat(VALIDATOR.validate(new Custom("<b>"))).extracting(Violation::message).containsExactly("no, thanks");
    assertThat(VALIDATOR.validate(new Custom("5 < 6"))).isEmpty();
  }

  @Test
  void safeUrlRefusesUserInformationAndUnparseableHosts() {
    for (String bad : new String[] {"http://[::1", "http://[::1/x", "https://[nonsense]/", "http://[1.2.3.4]/", "http://[::1]x/",
        "http://user:pass@host", "http://evil.com@good.com", "https://@good.com", "https://good.com:443@evil.com/",
        "http://a@b@c", "http://host:99999", "http://host:", "http://host:8x", "http://ho%73t/", "http://a..b", "http://.a",
        "http://a b", "http://a$b.com", "http://-a.com", "http://a-.com", "http://_a/", "http://h.1/", "http://1.2.3/", "http://0x7f.1/", "http://256.1.1.1/", "//evil.com@good.com", "http://[::1]:80@x", "https://h../", "https://a..b/", "https://.a/"}) {
      assertThat(pointers(new Profile("a", null, bad, null, null))).as(bad).containsExactly("/homepage");
    }
    for (String good : new String[] {"http://[::1]/", "http://[2001:db8::1]:8443/x", "https://münchen.example/",
        "https://host:443/a@b", "https://a-b.c_d.example/", "https://host/?q=a@b", "https://host/#a@b", "http://192.0.2.1:80", "http://1a.example/", "http://192.0.2.1./", "https://a_b.example.",
        "https://xn--mnchen-3ya.example/"}) {
      assertThat(pointers(new Profile("a", null, good, null, null))).as(good).isEmpty();
    }
  }

  @Test
  void safeUrlRefusesScriptsDataAndRelativeUrls() {
    for (String bad : new String[] {"javascript:alert(1)", "java\tscript:alert(1)", " javascript:x", "data:text/html,x",
        "/relative", "https:/x", "https://", "http:///evil", "https://a b", "https://x\"onmouseover=1", "ftp://x"}) {
      assertThat(pointers(new Profile("a", null, bad, null, null))).as(bad).containsExactly("/homepage");
    }
    assertThat(pointers(new Profile("a", null, "http://example.com", null, null))).isEmpty();
    assertThat(pointers(new Profile("a", null, "HTTPS://EXAMPLE.COM/x?y#z", null, null))).isEmpty();
  }

  @Test
  void identifiersAreAsciiWordCharacters() {
    assertThat(pointers(new Profile("a", null, null, "ok-id_9", null))).isEmpty();
    for (String bad : new String[] {"", "a b", "a.b", "ä", "a/b", "x".repeat(17)}) {
      assertThat(pointers(new Profile("a", null, null, bad, null))).as(bad).containsExactly("/handle");
    }
  }

  @Test
  void messagesNeverEvaluateExpressionsOrEchoTheValue() {
    List<Violation> violations = VALIDATOR.validate(new Profile("a", null, null, null, "${1+1}${1+1}"));
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).message()).isEqualTo("${validatedValue} has more than 3: ${1+1}");
  }

  @Test
  void checkThrowsAProblemReadyException() {
    assertThatThrownBy(() -> VALIDATOR.check(new Profile("", "<script>", null, null, null)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.violations()).extracting(Violation::pointer).containsExactlyInAnyOrder("/name", "/bio");
          String json = ProblemWriter.toJson(e.toProblem());
          assertThat(json).contains("\"status\":422").contains("\"pointer\":\"/bio\"").doesNotContain("script");
        });
    assertThatThrownBy(() -> VALIDATOR.check(null)).isInstanceOf(InvalidInputException.class);
  }

  @Property(tries = 1000)
  void plainTextNeverLetsMarkupOrControlsThrough(@ForAll String text) {
    if (dev.bulwark.validate.internal.PlainTextValidator.isPlainText(text, 10_000, true)) {
      assertThat(text).doesNotContain("</", "<!", "<?", "\u0000", "\u202E").doesNotContainPattern("<\\p{L}");
    }
  }

  @Property(tries = 1000)
  void plainTextJudgesComposedAndDecomposedFormsAlike(
      @ForAll @net.jqwik.api.constraints.Chars({'a', 'e', 'A', '<', '>', ' ', '/', '5', '\u0301', '\u0308', '\u0338', '\u1100', '\u1161', '\u11a8', '\u00e9', '\u212b'})
          String text) {
    boolean nfd = dev.bulwark.validate.internal.PlainTextValidator.isPlainText(
        java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD), 10_000, false);
    boolean nfc = dev.bulwark.validate.internal.PlainTextValidator.isPlainText(
        java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC), 10_000, false);
    assertThat(nfd).isEqualTo(nfc);
  }

  @Property(tries = 2000)
  void safeUrlsHaveNoUserInformationAndAHostJavaParses(
      @ForAll @net.jqwik.api.constraints.Chars({'h', 't', 'p', 's', ':', '/', '@', '[', ']', '1', '.', 'a', '%', '?', '#', '-'})
          @net.jqwik.api.constraints.StringLength(max = 30) String tail) {
    String url = "https://" + tail;
    if (VALIDATOR.validate(new Profile("a", null, url, null, null)).isEmpty()) {
      int end = 8;
      while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
        end++;
      }
      // the authority alone: java.net.URI is stricter than browsers about paths
      java.net.URI uri = java.net.URI.create(url.substring(0, end));
      assertThat(uri.getRawUserInfo()).as(url).isNull();
      assertThat(uri.getHost()).as(url).isNotNull();
    }
  }

  @Property(tries = 1000)
  void validationNeverThrowsOnArbitraryInput(@ForAll String a, @ForAll String b, @ForAll String c) {
    List<Violation> violations = VALIDATOR.validate(new Profile(a, b, c, a, b));
    assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain(a.isEmpty() ? "\u0000never" : a.length() > 3 ? a : "\u0000never"));
  }
}
