package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The corpus that {@link XssBrowserTest} renders is what it claims to be: big enough, no
 * duplicates, every family present, the escapes decoded. Runs without a browser, in every build.
 */
class XssCorpusTest {

  private final List<XssVectors.Vector> vectors = XssVectors.load();

  @Test
  void holdsAtLeastTwoHundredDistinctVectors() {
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(200);
    assertThat(vectors.stream().map(XssVectors.Vector::text)).doesNotHaveDuplicates();
    assertThat(vectors).allSatisfy(v -> assertThat(v.text()).isNotBlank());
  }

  @Test
  void coversEveryFamily() {
    Map<String, Long> perFamily =
        vectors.stream().collect(Collectors.groupingBy(XssVectors.Vector::family, Collectors.counting()));
    assertThat(perFamily)
        .containsOnlyKeys(
            "script tags", "event handlers", "svg and mathml", "links, forms and urls in markup", "css in markup",
            "attribute breakouts", "javascript string breakouts", "css string breakouts", "url schemes",
            "mutation xss", "polyglots", "encodings and unicode", "null bytes and controls", "surrogate halves");
    assertThat(perFamily.values()).allMatch(count -> count >= 10);
  }

  @Test
  void decodesEscapesToSingleCharactersAndCodePoints() {
    assertThat(XssVectors.decode("a{U+0000}b{U+D800}{U+1F600}{U+000A}")).isEqualTo("a\0b\ud800\ud83d\ude00\n");
    assertThat(XssVectors.decode("\\u0061{U+zz}")).isEqualTo("\\u0061{U+zz}");
    assertThat(vectors).anyMatch(v -> v.text().contains("\u0000"));
    assertThat(vectors).anyMatch(v -> v.text().chars().anyMatch(c -> Character.isSurrogate((char) c)) && !v.roundTrips());
    assertThat(vectors).anyMatch(v -> v.text().contains("\u2028"));
    assertThat(vectors).anyMatch(v -> v.text().startsWith("#"));
    assertThat(vectors).noneMatch(v -> v.text().contains("{U+"));
  }

  @Test
  void everyControlIsACorpusVector() {
    for (XssContext context : XssContext.values()) {
      assertThat(vectors).as("%s control", context).anyMatch(v -> v.text().equals(context.control()));
    }
  }
}
