package dev.bulwark.ratelimit;

/**
 * The answer for one request and one rule.
 *
 * @param rule the rule's name
 * @param outcome what happened
 * @param remaining tokens left in the tightest bandwidth (0 when refused)
 * @param retryAfterSeconds when refused, whole seconds until a retry can succeed (at least 1);
 *     else 0
 * @param resetSeconds seconds until the tightest bandwidth is full again, for the {@code t}
 *     parameter of the {@code RateLimit} field
 * @param degraded whether the shared store was unavailable and the rule's failure policy decided
 * @param policy the {@code RateLimit-Policy} item that {@code remaining} and {@code resetSeconds}
 *     describe: the rule's limiting bandwidth, such as {@code global-1m}
 */
public record RateLimitDecision(
    String rule,
    Outcome outcome,
    long remaining,
    long retryAfterSeconds,
    long resetSeconds,
    boolean degraded,
    String policy) {

  /** A decision whose policy item is named after the rule alone. */
  public RateLimitDecision(
      String rule, Outcome outcome, long remaining, long retryAfterSeconds, long resetSeconds, boolean degraded) {
    this(rule, outcome, remaining, retryAfterSeconds, resetSeconds, degraded, rule);
  }

  /** What a decision did. */
  public enum Outcome {
    /** Within the limits. */
    ALLOWED,
    /** Over a limit: refuse with 429. */
    REJECTED,
    /** Over a limit, but the rule is in shadow mode: allowed, reported. */
    SHADOW_REJECTED,
    /** The key is in the penalty box: refuse with 429 until the block ends. */
    BLOCKED,
    /**
     * The shared store did not answer and the rule fails closed: refuse with 503, since the client
     * did nothing wrong.
     */
    UNAVAILABLE
  }

  /** Returns whether the request must be refused. */
  public boolean refused() {
    return outcome == Outcome.REJECTED || outcome == Outcome.BLOCKED || outcome == Outcome.UNAVAILABLE;
  }
}
