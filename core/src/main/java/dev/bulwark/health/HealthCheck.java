package dev.bulwark.health;

/**
 * One health check, such as "the database answers". Return normally for UP, throw or return
 * {@link HealthResult#down} for DOWN. Bulwark runs it with a timeout, so a hanging dependency makes
 * the check DOWN instead of hanging the probe.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Checks once. */
  HealthResult check() throws Exception;
}
