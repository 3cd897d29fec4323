package dev.bulwark.health;

/** The probe groups of Kubernetes-style health checking. */
public enum HealthGroup {
  /** Whether the process should be restarted: no I/O, only the process's own state. */
  LIVENESS,
  /** Whether the instance should get traffic: its dependencies answer. */
  READINESS,
  /** Whether start-up has finished. */
  STARTUP,
  /**
   * The overall health, for monitoring rather than a probe: every check of the other groups, and
   * checks registered for this group alone, whose failure the application rides out and which
   * must therefore not take it out of rotation (the rate-limit store: each rule's failure policy
   * decides while Redis is away, and every instance failing readiness at once would turn a
   * rate-limiter outage into a full one).
   */
  HEALTH
}
