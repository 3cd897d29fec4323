package dev.bulwark.health;

/** The probe groups of Kubernetes-style health checking. */
public enum HealthGroup {
  /** Whether the process should be restarted: no I/O, only the process's own state. */
  LIVENESS,
  /** Whether the instance should get traffic: its dependencies answer. */
  READINESS,
  /** Whether start-up has finished. */
  STARTUP
}
