package dev.bulwark.validate;

import dev.bulwark.internal.OptionalJar;
import dev.bulwark.validate.internal.HibernateValidation;
import java.util.Comparator;
import java.util.List;

/**
 * Validates objects with Hibernate Validator for applications without Spring. Messages are
 * interpolated without any Expression Language, so no input is ever evaluated. Thread-safe; create
 * one and share it.
 *
 * <pre>{@code
 * NoteInput input = validator.check(json.readValue(body, NoteInput.class)); // 422 when invalid
 * }</pre>
 */
public final class InputValidator implements AutoCloseable {

  private final HibernateValidation validation;

  private InputValidator(HibernateValidation validation) {
    this.validation = validation;
  }

  /**
   * Creates a validator.
   *
   * @throws IllegalStateException when {@code org.hibernate.validator:hibernate-validator} is not on
   *     the class path
   */
  public static InputValidator create() {
    // Before HibernateValidation is loaded, so a missing jar is named instead of thrown as NoClassDefFoundError.
    OptionalJar.requireFor("InputValidator", OptionalJar.HIBERNATE_VALIDATOR);
    return new InputValidator(new HibernateValidation());
  }

  /** Returns the violations of an object, sorted by pointer; empty when valid. */
  public <T> List<Violation> validate(T object) {
    List<Violation> violations = validation.validate(object);
    violations.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::message));
    return violations;
  }

  /**
   * Returns the object when valid.
   *
   * @throws InvalidInputException listing every violation
   */
  public <T> T check(T object) {
    if (object == null) {
      throw new InvalidInputException(List.of(new Violation("", "must not be empty")));
    }
    List<Violation> violations = validate(object);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return object;
  }

  @Override
  public void close() {
    validation.close();
  }
}
