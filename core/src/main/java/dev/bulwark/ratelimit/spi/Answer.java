package dev.bulwark.ratelimit.spi;

/**
 * A store's answer to one {@link Step}.
 *
 * @param status what happened
 * @param remaining tokens left afterwards in the limiting limit (for a refusal: left now)
 * @param nanosToWait when refused, how long until enough tokens are back; when blocked, how long
 *     the block lasts; else 0
 * @param bandwidth the index of the limiting limit (the one with the fewest tokens left) among the
 *     bucket's limits, or -1 when the store does not say
 * @param resetNanos how long until the limiting limit is full again, or -1 when not known
 * @param blockedNow whether this step put the key in the penalty box
 */
public record Answer(Status status, long remaining, long nanosToWait, int bandwidth, long resetNanos, boolean blockedNow) {

  /** What a step did. */
  public enum Status {
    /** The tokens were (or could be) taken; for steps that give back or count, done. */
    ALLOWED,
    /** Not enough tokens: nothing was taken. */
    REFUSED,
    /** The key is in the penalty box: nothing was taken. */
    BLOCKED
  }

  /** An answer that names no limit. */
  public static Answer of(boolean allowed, long remaining, long nanosToWait) {
    return new Answer(allowed ? Status.ALLOWED : Status.REFUSED, remaining, nanosToWait, -1, -1, false);
  }

  /** A blocked key's answer. */
  public static Answer blocked(long nanosLeft) {
    return new Answer(Status.BLOCKED, 0, nanosLeft, -1, -1, false);
  }

  /** A done answer for steps that decide nothing (give back, count a failure). */
  public static Answer done(boolean blockedNow) {
    return new Answer(Status.ALLOWED, 0, 0, -1, -1, blockedNow);
  }

  /** Whether the tokens were (or could be) taken. */
  public boolean allowed() {
    return status == Status.ALLOWED;
  }
}
