package dev.bulwark.health;

/** The state of a check or a group. */
public enum HealthStatus {
  /** Working. */
  UP,
  /** Not working, timed out or threw: probes answer 503. */
  DOWN
}
