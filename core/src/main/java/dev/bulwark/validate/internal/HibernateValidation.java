package dev.bulwark.validate.internal;

import dev.bulwark.validate.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The Hibernate Validator behind {@code InputValidator}. Kept out of the public class so that
 * loading it does not load Jakarta Validation types: without Hibernate Validator on the class path,
 * {@code InputValidator.create()} can then say which jar to add.
 */
public final class HibernateValidation implements AutoCloseable {

  private final ValidatorFactory factory;
  private final Validator validator;

  public HibernateValidation() {
    this.factory =
        Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    this.validator = factory.getValidator();
  }

  /** Returns the violations of an object, unsorted. */
  public <T> List<Violation> validate(T object) {
    List<Violation> violations = new ArrayList<>();
    for (ConstraintViolation<T> violation : validator.validate(object)) {
      violations.add(new Violation(pointer(violation.getPropertyPath()), violation.getMessage()));
    }
    return violations;
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
