package dev.bulwark.spring.autoconfigure;

import dev.bulwark.ratelimit.RateLimiter;
import java.util.List;

/**
 * Told once the {@code @RateLimited} rules are compiled. Apart from {@link RateLimitedMeters} so
 * that the scanner's injection point names no Micrometer type: without Micrometer, Spring must be
 * able to resolve it and find no bean.
 */
interface RateLimitedRulesListener {

  /** Called once, with the annotations' limiter or {@code null} when there are none. */
  void rulesReady(RateLimiter limiter, List<String> rules);
}
