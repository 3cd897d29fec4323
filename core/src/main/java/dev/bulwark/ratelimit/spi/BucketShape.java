package dev.bulwark.ratelimit.spi;

import dev.bulwark.ratelimit.Limit;
import java.time.Duration;
import java.util.List;

/**
 * The shape of a token bucket: its name (the namespace of its keys, and of their penalty blocks)
 * and its limits, every one of which applies. Built once per rule; compared by identity, so a
 * store may key its own per-shape data by it.
 *
 * <p>Each limit is a greedy token bucket: {@code capacity} tokens at most, refilled evenly over
 * {@code period}. A key the store has no state for has a full bucket.
 */
public final class BucketShape {

  private final String name;
  private final List<Limit> limits;
  private final long smallestCapacity;
  private final Duration refillTime;

  /**
   * @param name the namespace, such as the rule's name
   * @param limits at least one
   */
  public BucketShape(String name, List<Limit> limits) {
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("a bucket needs at least one limit");
    }
    this.name = name;
    this.limits = List.copyOf(limits);
    this.smallestCapacity = limits.stream().mapToLong(Limit::capacity).min().orElseThrow();
    this.refillTime = limits.stream().map(Limit::period).max(Duration::compareTo).orElseThrow();
  }

  /** The namespace of the bucket's keys and their penalty blocks. */
  public String name() {
    return name;
  }

  /** Every limit, in configuration order (bandwidth indexes refer to it). */
  public List<Limit> limits() {
    return limits;
  }

  /** The capacity of the tightest limit: what a client that was never seen has left. */
  public long smallestCapacity() {
    return smallestCapacity;
  }

  /** The longest time an empty bucket needs to be full again: after it, a key may be forgotten. */
  public Duration refillTime() {
    return refillTime;
  }

  /**
   * Builds a store's answer from the tokens left in each limit: the limiting one is the one with
   * the fewest left (on a tie, the one that takes longer to refill), and {@code remaining} and the
   * reset time both describe it, so the {@code RateLimit} field never mixes two of them.
   *
   * @param allowed whether the tokens were (or could be) taken
   * @param nanosToWait when refused, how long until enough tokens are back; else 0
   * @param availablePerLimit tokens left in each limit, in {@link #limits()} order
   */
  public Answer answer(boolean allowed, long nanosToWait, long[] availablePerLimit) {
    int limiting = 0;
    long limitingReset = -1;
    for (int i = 0; i < limits.size(); i++) {
      long available = Math.max(0, availablePerLimit[i]);
      long reset = resetNanos(i, available);
      if (i == 0
          || available < Math.max(0, availablePerLimit[limiting])
          || available == Math.max(0, availablePerLimit[limiting]) && reset > limitingReset) {
        limiting = i;
        limitingReset = reset;
      }
    }
    return new Answer(
        allowed ? Answer.Status.ALLOWED : Answer.Status.REFUSED,
        Math.max(0, availablePerLimit[limiting]),
        nanosToWait,
        limiting,
        limitingReset,
        false);
  }

  /** A full bucket's answer: what a key with no state gets from an estimate. */
  public Answer full(long tokens) {
    long[] available = new long[limits.size()];
    for (int i = 0; i < available.length; i++) {
      available[i] = limits.get(i).capacity();
    }
    Answer answer = answer(tokens <= smallestCapacity, 0, available);
    return limits.size() == 1 ? new Answer(answer.status(), answer.remaining(), 0, -1, -1, false) : answer;
  }

  /** Greedy refill: a limit regains capacity tokens over its period, evenly. */
  private long resetNanos(int limit, long available) {
    Limit l = limits.get(limit);
    long missing = Math.max(0, l.capacity() - available);
    long period = l.period().toNanos();
    // capacity and period are both far below 2^31 tokens and 2^53 ns, so the product fits in a
    // double exactly enough for whole seconds
    return (long) Math.ceil((double) missing * period / l.capacity());
  }

  @Override
  public String toString() {
    return name + limits;
  }
}
