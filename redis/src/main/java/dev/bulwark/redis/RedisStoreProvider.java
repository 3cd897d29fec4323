package dev.bulwark.redis;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.RateLimitStoreProvider;
import dev.bulwark.redis.internal.RedisStore;

/**
 * Opens the Redis store for {@code bulwark.rate-limit.store=redis}. Core finds it through {@link
 * java.util.ServiceLoader}; an application does not call it. It names no Lettuce type itself, so a
 * missing Lettuce jar shows as an error of {@link #open}, which core reports naming every jar the
 * store needs.
 */
public final class RedisStoreProvider implements RateLimitStoreProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisStoreProvider() {}

  /** Returns {@code redis}. */
  @Override
  public String name() {
    return "redis";
  }

  /** Opens the store {@code bulwark.rate-limit.redis.*} describes; it connects in the background. */
  @Override
  public RateLimitStore open(RateLimitConfig config) {
    if (config.redis().connection() == RedisStoreConfig.Connection.APPLICATION) {
      // Only a host that knows the application's objects can hand its client over.
      throw new ConfigException(
          "bulwark.rate-limit.redis.connection",
          "application needs the application's Lettuce client: the Spring starter uses a RedisClient or"
              + " RedisClusterClient bean; in code, RedisStores.using(client, config) with RateLimiter.compile(config, store);"
              + " elsewhere use own");
    }
    return RedisStore.connect(config.redis());
  }
}
