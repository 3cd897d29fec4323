package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.RateLimitStoreContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The local store passes the store contract, on a clock the test moves. */
class LocalStoreContractTest extends RateLimitStoreContract {

  private final AtomicLong clock = new AtomicLong(System.nanoTime());

  @Override
  protected RateLimitStore newStore() {
    return new LocalStore(10_000, clock::get);
  }

  @Override
  protected Duration window() {
    return Duration.ofMinutes(1);
  }

  @Override
  protected void advance(Duration time) {
    clock.addAndGet(time.toNanos());
  }
}
