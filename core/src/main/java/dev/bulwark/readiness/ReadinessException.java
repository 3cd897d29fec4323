package dev.bulwark.readiness;

import java.util.List;

/**
 * Thrown at start-up when the readiness report holds a finding listed in {@code
 * bulwark.readiness.fail-on}; the application refuses to start. The message names every such
 * finding with its fix.
 */
public final class ReadinessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;

  /**
   * @param findings the findings that stopped start-up
   * @param message the explanation, naming each finding and its fix
   */
  public ReadinessException(List<Finding> findings, String message) {
    super(message);
    this.findings = List.copyOf(findings);
  }

  /** Returns the findings that stopped start-up. */
  public List<Finding> findings() {
    return findings;
  }
}
