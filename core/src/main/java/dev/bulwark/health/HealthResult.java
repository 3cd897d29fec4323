package dev.bulwark.health;

import java.util.Map;

/**
 * The result of one check.
 *
 * @param status up or down
 * @param details facts for operators (shown only to callers allowed to see details); never secrets
 */
public record HealthResult(HealthStatus status, Map<String, Object> details) {

  /** Copies the details. */
  public HealthResult {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** Up, without details. */
  public static HealthResult up() {
    return new HealthResult(HealthStatus.UP, Map.of());
  }

  /** Up, with details. */
  public static HealthResult up(Map<String, Object> details) {
    return new HealthResult(HealthStatus.UP, details);
  }

  /** Down, with a reason for operators. */
  public static HealthResult down(String reason) {
    return new HealthResult(HealthStatus.DOWN, Map.of("reason", reason));
  }
}
