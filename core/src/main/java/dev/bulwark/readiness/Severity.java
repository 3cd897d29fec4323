package dev.bulwark.readiness;

import java.util.Locale;

/** How much a finding weakens a production deployment, most severe first. */
public enum Severity {
  /** Exploitable as it stands: a secret, an open admin surface, a protection against a common attack off. */
  HIGH,
  /** Weakens a defence or leaks information an attacker can use. */
  MEDIUM,
  /** Worth knowing; often deliberate. */
  LOW;

  /** Returns whether this severity is the given one or worse. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** The lower-case name used in configuration, logs and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
