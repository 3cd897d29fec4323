package dev.bulwark.ratelimit;

import java.time.Duration;

/**
 * The penalty box of a rule ({@code bulwark.rate-limit.rules[n].penalty.*}): after {@code
 * failures} counted responses within {@code within}, the key is blocked for {@code block}. With
 * {@code count-statuses: 401} on a login path this is fail2ban for passwords.
 *
 * @param failures how many counted responses trigger the block; required to turn the penalty on
 * @param within the window the failures must fall in; default {@code 10m}
 * @param block how long the key is then refused; default {@code 1h}
 */
public record Penalty(Integer failures, Duration within, Duration block) {

  /** Applies defaults and checks the values. */
  public Penalty {
    within = within == null ? Duration.ofMinutes(10) : within;
    block = block == null ? Duration.ofHours(1) : block;
    if (failures != null && failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1");
    }
    if (block.isNegative() || block.isZero() || within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("within and block must be positive durations");
    }
    // the failures are counted in a token bucket of failures per within: the limits of a Limit apply
    if (within.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("within must be at most 366d");
    }
    if (failures != null && failures > within.toNanos()) {
      throw new IllegalArgumentException("failures must not exceed the nanoseconds in within");
    }
  }

  /** Returns whether the penalty box is on. */
  public boolean enabled() {
    return failures != null;
  }

  /** No penalty box. */
  public static Penalty none() {
    return new Penalty(null, null, null);
  }
}
