package dev.bulwark.ratelimit;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.internal.RateLimitStore;

/** Loads the Redis store only when configured, so Lettuce stays an optional dependency. */
final class RedisStoreLoader {

  private RedisStoreLoader() {}

  static RateLimitStore load(RedisStoreConfig config) {
    try {
      Class.forName("io.lettuce.core.RedisClient", false, RedisStoreLoader.class.getClassLoader());
      Class.forName("io.github.bucket4j.redis.lettuce.Bucket4jLettuce", false, RedisStoreLoader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          "bulwark.rate-limit.store",
          "redis needs io.lettuce:lettuce-core and com.bucket4j:bucket4j_jdk17-lettuce on the class path");
    }
    return dev.bulwark.ratelimit.internal.RedisStore.connect(config);
  }
}
