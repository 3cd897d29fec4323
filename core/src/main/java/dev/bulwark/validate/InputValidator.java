package dev.bulwark.validate;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

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

  private final ValidatorFactory factory;
  private final Validator validator;

  private InputValidator() {
    this.factory =
        Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    this.validator = factory.getValidator();
  }

  /** Creates a validator. */
  public static InputValidator create() {
    return new InputValidator();
  }

  /** Returns the violations of an object, sorted by pointer; empty when valid. */
  public <T> List<Violation> validate(T object) {
    List<Violation> violations = new ArrayList<>();
    for (ConstraintViolation<T> violation : validator.validate(object)) {
      violations.add(new Violation(pointer(violation.getPropertyPath()), violation.getMessage()));
    }
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

  private static String pointer(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getIndex() != null) {
        out.append('/').append(node.getIndex());
      } else if (node.getKey() != null) {
        out.append('/').append(node.getKey());
      }
      if (node.getName() != null) {
        out.append('/').append(node.getName().replace("~", "~0").replace("/", "~1"));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    factory.close();
  }
}
