package dev.bulwark.ratelimit;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.spi.RateLimitStore;

/** Loads the Redis store only when configured, so Lettuce stays an optional dependency. */
final class RedisStoreLoader {

  private RedisStoreLoader() {}

  static RateLimitStore load(RedisStoreConfig config) {
    try {
      Class.forName("io.lettuce.core.RedisClient", false, RedisStoreLoader.class.getClassLoader());
      Class.forName("io.github.resilience4j.circuitbreaker.CircuitBreaker", false, RedisStoreLoader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          "bulwark.rate-limit.store",
          "redis needs io.lettuce:lettuce-core and io.github.resilience4j:resilience4j-circuitbreaker on the class path");
    }
    return dev.bulwark.ratelimit.internal.RedisStore.connect(config);
  }
}
