package dev.bulwark.ratelimit.spi;

import dev.bulwark.ratelimit.RateLimitConfig;

/**
 * Opens a store that lives in another jar, found with {@link java.util.ServiceLoader} when {@code
 * bulwark.rate-limit.store} names it. The Redis store ({@code dev.bulwark:bulwark-redis}) is one:
 * core knows its settings ({@link dev.bulwark.ratelimit.RedisStoreConfig}) but not its libraries,
 * so an application without Redis carries none of them.
 *
 * <p>An implementation is listed in {@code
 * META-INF/services/dev.bulwark.ratelimit.spi.RateLimitStoreProvider} and has a public no-argument
 * constructor. A store you build yourself needs no provider: pass it to {@code
 * RateLimiter.compile(config, store)}.
 */
public interface RateLimitStoreProvider {

  /** Returns the store's name as {@code bulwark.rate-limit.store} spells it, such as {@code redis}. */
  String name();

  /**
   * Opens the store the configuration describes, once, at start-up. It must not wait for a remote
   * server: one that is down at start-up is a store that answers {@link StoreUnavailableException}
   * until it is back, not an application that fails to start.
   *
   * @throws dev.bulwark.core.ConfigException when a setting of the store cannot be used
   */
  RateLimitStore open(RateLimitConfig config);
}
