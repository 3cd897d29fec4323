package dev.bulwark.validate.internal;

import dev.bulwark.validate.PlainText;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.text.Normalizer;

/** Checks {@link PlainText}. */
public final class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {

  /** The annotation's default message: replaced by the reason, which a custom message overrides. */
  static final String DEFAULT_MESSAGE =
      "must be plain text: no markup, control or direction-override characters, at most {max} characters";

  private int max;
  private boolean multiline;
  private boolean customMessage;

  @Override
  public void initialize(PlainText annotation) {
    this.max = annotation.max();
    this.multiline = annotation.multiline();
    this.customMessage = !DEFAULT_MESSAGE.equals(annotation.message());
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    String reason = refusal(value, max, multiline);
    if (reason == null) {
      return true;
    }
    if (!customMessage && context != null) {
      // The reason names a rule, never the input: nothing a client sent reaches the template.
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
    }
    return false;
  }

  /** The rule itself, usable without a validator. */
  public static boolean isPlainText(CharSequence value, int max, boolean multiline) {
    return refusal(value, max, multiline) == null;
  }

  /**
   * Returns why a text is not plain text, or {@code null} when it is. The text is judged in its
   * NFC form, so decomposed input ("Cafe" and U+0301 COMBINING ACUTE ACCENT) is the same text as
   * composed; composition never creates or removes a {@code <}, a control, a direction override or a surrogate, so the
   * characters refused below are refused in either form.
   */
  public static String refusal(CharSequence value, int max, boolean multiline) {
    // NFC shrinks text by a third at most (Hangul jamo): longer input is too long in any form,
    // and it is not normalised at all.
    if (value.length() > 3L * max) {
      return tooLong(max);
    }
    CharSequence text =
        Normalizer.isNormalized(value, Normalizer.Form.NFC) ? value : Normalizer.normalize(value, Normalizer.Form.NFC);
    if (text.length() > max) {
      return tooLong(max);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '<' && opensMarkup(text, i + 1)) {
        return "must not contain HTML markup (\"<\" followed by a letter, \"/\", \"!\" or \"?\")";
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        if (!(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
          return multiline
              ? "must not contain control characters other than line breaks and tabs"
              : "must be one line without control characters (no line breaks or tabs)";
        }
      }
      if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
        return "must not contain bidirectional direction-override or direction-mark characters";
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        if (!paired) {
          return "must be valid Unicode text (an unpaired surrogate)";
        }
      }
      if (c == 0xfffe || c == 0xffff) {
        return "must be valid Unicode text (a noncharacter)";
      }
    }
    return null;
  }

  /**
   * Whether a {@code <} followed by this character opens markup: what an HTML tokenizer reads as a
   * tag ({@code <b}, {@code </b}), a comment or declaration ({@code <!}) or a processing
   * instruction ({@code <?}). Letters are any script's, stricter than HTML's ASCII, as other
   * parsers (XML) accept them. A {@code <} before a space, a digit, {@code =} or the end is text
   * ({@code 5 < 6}), and so is a lone {@code >}.
   */
  private static boolean opensMarkup(CharSequence text, int next) {
    if (next >= text.length()) {
      return false;
    }
    char c = text.charAt(next);
    if (c == '/' || c == '!' || c == '?') {
      return true;
    }
    return Character.isLetter(Character.codePointAt(text, next));
  }

  private static String tooLong(int max) {
    return "must be at most " + max + " characters";
  }
}
