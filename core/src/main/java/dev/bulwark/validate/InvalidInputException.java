package dev.bulwark.validate;

import dev.bulwark.problem.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by {@link InputValidator#check} for invalid input. Bulwark's filter and Spring starter turn
 * it into a 422 problem that lists each violation; no stack trace is involved.
 */
public final class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The problem type of invalid content. */
  public static final String TYPE = "invalid-input";

  private final transient List<Violation> violations;

  /** Creates the exception for some violations. */
  public InvalidInputException(List<Violation> violations) {
    super(violations.size() + " invalid field(s)", null, false, false);
    this.violations = List.copyOf(violations);
  }

  /** Returns the violations. */
  public List<Violation> violations() {
    return violations;
  }

  /** Returns the 422 problem that lists every violation. */
  public Problem toProblem() {
    return toProblem(violations);
  }

  /** Returns the 422 problem for some violations. */
  public static Problem toProblem(List<Violation> violations) {
    List<Map<String, Object>> entries =
        violations.stream()
            .map(v -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("pointer", v.pointer());
              entry.put("message", v.message());
              return entry;
            })
            .toList();
    return Problem.of(TYPE, "Invalid input", 422, "The request content is not valid; see violations.")
        .with("violations", entries);
  }
}
