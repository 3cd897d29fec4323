package dev.bulwark.readiness;

import java.util.Objects;

/**
 * One risky setting found at start-up.
 *
 * @param id a stable identifier such as {@code literal-secret}, usable in {@code
 *     bulwark.readiness.fail-on} and {@code bulwark.readiness.acknowledge}
 * @param severity how much it weakens the deployment
 * @param message what was found, naming the setting or component; never a secret's value
 * @param fix a concrete change that removes the finding
 */
public record Finding(String id, Severity severity, String message, String fix) {

  /** Checks that every part is present and the id is lower-case words joined by dashes. */
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
    if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("finding ids are lower-case words joined by dashes: " + id);
    }
  }
}
