package dev.bulwark.ratelimit.internal;

/**
 * The answer of a store.
 *
 * @param allowed whether the tokens were (or could be) taken
 * @param remaining tokens left afterwards, in the limiting bandwidth
 * @param nanosToWait when refused, how long until enough tokens are back
 * @param bandwidth the index of the limiting bandwidth (the one with the fewest tokens left) among
 *     the rule's limits, or -1 when the store did not say
 * @param resetNanos how long until the limiting bandwidth is full again, or -1 when not known
 */
public record Consumption(boolean allowed, long remaining, long nanosToWait, int bandwidth, long resetNanos) {

  /** An answer that does not say which bandwidth limits. */
  public Consumption(boolean allowed, long remaining, long nanosToWait) {
    this(allowed, remaining, nanosToWait, -1, -1);
  }
}
