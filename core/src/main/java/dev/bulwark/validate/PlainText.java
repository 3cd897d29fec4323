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
 * Plain text, as prototypes assume their text fields are: no markup ({@code <}, {@code >}), no
 * control characters (line breaks and tabs only when {@link #multiline()}), no bidirectional
 * override characters (which make text display differently from what it is), Unicode in NFC form,
 * and at most {@link #max()} characters. {@code null} is valid (combine with {@code @NotNull}).
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
