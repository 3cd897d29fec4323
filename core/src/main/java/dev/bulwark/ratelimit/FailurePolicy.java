package dev.bulwark.ratelimit;

/** What a rule does when its store (Redis) cannot answer within the decision timeout. */
public enum FailurePolicy {
  /** Allow the request. Abuse is unbounded while the store is down; counted as a fallback. */
  FAIL_OPEN,
  /** Refuse the request with 429 (or 503-like unavailability). Safe, but an outage stops traffic. */
  FAIL_CLOSED,
  /**
   * Decide with an in-JVM bucket of the same limits, so abuse stays bounded per instance while the
   * store is down. The default.
   */
  LOCAL_FALLBACK
}
