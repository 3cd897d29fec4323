package dev.bulwark.compat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses a plausible value for a form field, the way a person trying the form out would: text
 * "Test", e-mail test@example.com, number 1, date 2020-01-01, telephone 5551234, a select's first
 * non-empty option. A field that already holds a value keeps it (an edit form is submitted as it was
 * shown); hidden, file, checkbox and button fields are left alone.
 */
public final class FormValues {

  private FormValues() {}

  /** A form control as the page describes it. */
  public record Field(String tag, String type, String name, String value, List<String> options) {
    public Field {
      tag = tag == null ? "input" : tag.toLowerCase(Locale.ROOT);
      type = type == null || type.isEmpty() ? "text" : type.toLowerCase(Locale.ROOT);
      name = name == null ? "" : name;
      value = value == null ? "" : value;
      options = options == null ? List.of() : List.copyOf(options);
    }
  }

  /** The value to put into the field, or empty to leave it as it is. */
  public static Optional<String> choose(Field field) {
    if (field.tag().equals("select")) {
      if (!field.value().isEmpty()) {
        return Optional.empty();
      }
      return field.options().stream().filter(o -> !o.isBlank()).findFirst();
    }
    if (!field.value().isEmpty()) {
      return Optional.empty();
    }
    if (field.tag().equals("textarea")) {
      return Optional.of("Test");
    }
    return switch (field.type()) {
      case "text", "search", "password" -> Optional.of("Test");
      case "email" -> Optional.of("test@example.com");
      case "number", "range" -> Optional.of("1");
      case "date" -> Optional.of("2020-01-01");
      case "datetime-local" -> Optional.of("2020-01-01T12:00");
      case "month" -> Optional.of("2020-01");
      case "week" -> Optional.of("2020-W01");
      case "time" -> Optional.of("12:00");
      case "tel" -> Optional.of("5551234");
      case "url" -> Optional.of("https://example.com/");
      default -> Optional.empty(); // hidden, file, checkbox, radio, color, submit, button, reset, image
    };
  }
}
