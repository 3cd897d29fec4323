package dev.bulwark.ratelimit;

import dev.bulwark.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One bandwidth of a rule: at most {@code capacity} tokens per {@code period}, refilled gradually
 * (a token bucket). Written {@code 10/1s} or {@code 1000/1h} in configuration.
 *
 * @param capacity the most tokens available at once, and the number refilled per period
 * @param period how long a full refill takes
 */
public record Limit(long capacity, Duration period) {

  /** Checks the values. */
  public Limit {
    if (capacity < 1) {
      throw new IllegalArgumentException("a limit's capacity must be at least 1");
    }
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("a limit's period must be positive");
    }
    if (period.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("a limit's period must be at most 366d");
    }
    if (capacity > period.toNanos()) {
      // Bucket4j refills at most one token per nanosecond and would refuse the limit later, when
      // the rate limiter is built, with a message that names no setting.
      throw new IllegalArgumentException("a limit may refill at most one token per nanosecond");
    }
  }

  /**
   * Parses {@code capacity/period}, such as {@code 10/1s}, {@code 5/10m} or {@code 1000/1h}.
   *
   * @throws IllegalArgumentException with the expected form in the message
   */
  public static Limit parse(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "'" + abbreviate(value) + "' is not a limit such as 10/1s or 1000/1h (tokens/period)");
    }
    long capacity;
    try {
      capacity = Long.parseLong(value.substring(0, slash).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + abbreviate(value) + "' does not start with a whole number of tokens, as in 10/1s");
    }
    if (capacity > 1_000_000_000L) {
      throw new IllegalArgumentException("'" + abbreviate(value) + "' allows more than 10^9 tokens");
    }
    Duration period = Durations.parse(value.substring(slash + 1).trim());
    return new Limit(capacity, period);
  }

  /** Parses a list of limits, each as in {@link #parse(String)}. */
  public static List<Limit> parseAll(List<String> texts) {
    List<Limit> limits = new ArrayList<>();
    for (String text : texts) {
      limits.add(parse(text));
    }
    return List.copyOf(limits);
  }

  /** Returns the period in whole seconds, at least 1, as the RateLimit-Policy field wants it. */
  public long windowSeconds() {
    return Math.max(1, period.toSeconds());
  }

  @Override
  public String toString() {
    return capacity + "/" + Durations.format(period);
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
