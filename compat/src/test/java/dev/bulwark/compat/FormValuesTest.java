package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormValuesTest {

  private static Optional<String> input(String type) {
    return FormValues.choose(new FormValues.Field("INPUT", type, "f", "", List.of()));
  }

  @ParameterizedTest
  @CsvSource({
      "text, Test", "'', Test", "search, Test", "password, Test", "email, test@example.com", "number, 1",
      "date, 2020-01-01", "tel, 5551234", "url, https://example.com/", "time, 12:00", "month, 2020-01",
      "TEXT, Test"
  })
  void plausibleValueByType(String type, String expected) {
    assertThat(input(type)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"hidden", "file", "checkbox", "radio", "submit", "button", "reset", "image", "color"})
  void leavesAlone(String type) {
    assertThat(input(type)).isEmpty();
  }

  @Test
  void textareaGetsText() {
    assertThat(FormValues.choose(new FormValues.Field("textarea", "textarea", "body", "", null))).contains("Test");
  }

  @Test
  void keepsAValueAlreadyThere() {
    assertThat(FormValues.choose(new FormValues.Field("input", "text", "name", "Franklin", List.of()))).isEmpty();
  }

  @Test
  void selectTakesTheFirstNonEmptyOption() {
    assertThat(FormValues.choose(new FormValues.Field("select", "select-one", "type", "", List.of("", " ", "cat", "dog"))))
        .contains("cat");
    assertThat(FormValues.choose(new FormValues.Field("select", "select-one", "type", "", List.of("", ""))))
        .isEmpty();
    assertThat(FormValues.choose(new FormValues.Field("select", "select-one", "type", "dog", List.of("cat", "dog"))))
        .isEmpty();
  }
}
