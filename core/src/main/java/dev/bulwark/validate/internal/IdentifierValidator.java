package dev.bulwark.validate.internal;

import dev.bulwark.validate.Identifier;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Identifier}. */
public final class IdentifierValidator implements ConstraintValidator<Identifier, CharSequence> {

  private int max;

  @Override
  public void initialize(Identifier annotation) {
    this.max = annotation.max();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    if (value.length() == 0 || value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
