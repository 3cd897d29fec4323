package dev.bulwark.validate.internal;

import dev.bulwark.validate.PlainText;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.text.Normalizer;

/** Checks {@link PlainText}. */
public final class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {

  private int max;
  private boolean multiline;

  @Override
  public void initialize(PlainText annotation) {
    this.max = annotation.max();
    this.multiline = annotation.multiline();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
    return value == null || isPlainText(value, max, multiline);
  }

  /** The rule itself, usable without a validator. */
  public static boolean isPlainText(CharSequence value, int max, boolean multiline) {
    if (value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '<' || c == '>') {
        return false;
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        if (!(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
          return false;
        }
      }
      if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        if (!paired) {
          return false;
        }
      }
      if (c == 0xfffe || c == 0xffff) {
        return false;
      }
    }
    return Normalizer.isNormalized(value, Normalizer.Form.NFC);
  }
}
