package dev.bulwark.redis.internal;

import dev.bulwark.ratelimit.spi.RateLimitStoreContract;
import java.time.Duration;

/**
 * The store contract for a store on Redis's clock, which a test cannot move: short windows, waited
 * out in real time, with slack for a round trip on a loaded machine.
 */
abstract class RedisClockStoreContract extends RateLimitStoreContract {

  @Override
  protected Duration window() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected Duration slack() {
    return Duration.ofMillis(60);
  }

  @Override
  protected void advance(Duration time) throws InterruptedException {
    Thread.sleep(time.toMillis());
  }
}
