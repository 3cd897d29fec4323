package dev.bulwark.validate;

import dev.bulwark.validate.internal.PlainTextValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Plain text, as prototypes assume their text fields are: no markup, no control characters (line
 * breaks and tabs only when {@link #multiline()}), no bidirectional override or mark characters
 * (which make text display differently from what it is), no unpaired surrogates or noncharacters,
 * and at most {@link #max()} characters. {@code null} is valid (combine with {@code @NotNull}).
 *
 * <p>Markup is a {@code <} that opens a tag, comment or processing instruction: followed by a
 * letter, {@code /}, {@code !} or {@code ?}. Other uses of {@code <} and {@code >} are text
 * ({@code 5 < 6}, {@code a <= b}, {@code x > y}); output encoding still applies where the text is
 * shown.
 *
 * <p>The text is judged in its Unicode NFC form, so decomposed input ("Cafe" and U+0301 COMBINING
 * ACUTE ACCENT) is accepted like composed input, and {@link #max()} counts the characters of the NFC form. The
 * constraint cannot change the value: an application that compares or stores text by its
 * characters should store {@code Normalizer.normalize(value, Normalizer.Form.NFC)}.
 *
 * <p>With the default message, a violation says which rule the text broke (for example {@code must
 * not contain HTML markup ("<" followed by a letter, "/", "!" or "?")}); it never repeats the text.
 * A custom {@link #message()} replaces every reason.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

  /** The message. */
  String message() default "must be plain text: no markup, control or direction-override characters, at most {max} characters";

  /** The longest text allowed; default 10,000. */
  int max() default 10_000;

  /** Whether line breaks and tabs are allowed; default {@code false}. */
  boolean multiline() default false;

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};
}
