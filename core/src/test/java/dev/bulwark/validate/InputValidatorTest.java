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
    assertThat(pointers(new Profile("Cafe\u0301", null, null, null, null))).as("NFD is not NFC").containsExactly("/name");
    assertThat(pointers(new Profile("Café", null, null, null, null))).isEmpty();
    assertThat(pointers(new Profile("x".repeat(21), null, null, null, null))).containsExactly("/name");
    assertThat(pointers(new Profile("\uD83D\uDE00 ok", null, null, null, null))).as("emoji are text").isEmpty();
    assertThat(pointers(new Profile("broken \uD83D", null, null, null, null))).as("lone surrogate").containsExactly("/name");
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
      assertThat(text).doesNotContain("<", ">", "\u0000", "\u202E");
      assertThat(java.text.Normalizer.isNormalized(text, java.text.Normalizer.Form.NFC)).isTrue();
    }
  }

  @Property(tries = 1000)
  void validationNeverThrowsOnArbitraryInput(@ForAll String a, @ForAll String b, @ForAll String c) {
    List<Violation> violations = VALIDATOR.validate(new Profile(a, b, c, a, b));
    assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain(a.isEmpty() ? "\u0000never" : a.length() > 3 ? a : "\u0000never"));
  }
}
