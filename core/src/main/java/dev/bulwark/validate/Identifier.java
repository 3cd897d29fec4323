package dev.bulwark.validate;

import dev.bulwark.validate.internal.IdentifierValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An identifier such as a user name, slug or key: 1 to {@link #max()} ASCII letters, digits,
 * {@code _} and {@code -}, safe in URLs, file names, logs and markup. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = IdentifierValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Identifier {

  /** The message. */
  String message() default "must be 1 to {max} letters, digits, '_' or '-'";

  /** The longest identifier; default 64. */
  int max() default 64;

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};
}
