package dev.bulwark.spring.actuate;

import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimiter;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The rate-limit store's health: a PING round trip, even while the circuit breaker is open (an
 * answer closes it, see {@link RateLimiter#checkStore}). Unknown while rate limiting is off.
 */
public final class RateLimitStoreHealthIndicator extends AbstractHealthIndicator {
  private final RateLimitPolicy rateLimits;

  /** @param rateLimits the front door's rate limiting */
  public RateLimitStoreHealthIndicator(RateLimitPolicy rateLimits) {
    super("Rate-limit store check failed");
    this.rateLimits = rateLimits;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    RateLimiter limiter = rateLimits.limiter();
    if (limiter == null) {
      builder.unknown().withDetail("rateLimiting", "off");
      return;
    }
    builder.withDetail("store", limiter.storeKind());
    long nanos = limiter.checkStore();
    builder.up().withDetail("pingMicros", TimeUnit.NANOSECONDS.toMicros(nanos));
  }
}
