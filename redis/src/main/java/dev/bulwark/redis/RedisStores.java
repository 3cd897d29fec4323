package dev.bulwark.redis;

import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.redis.internal.RedisStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

/**
 * The Redis store over a Lettuce client the application already has, for {@code
 * RateLimiter.compile(config, store)}: its event loops, options and TLS settings serve Bulwark too,
 * instead of a second client. The store opens one connection of its own through the client (its
 * script calls never queue behind the application's commands), never changes the client's options
 * and never shuts it down; closing the store closes only its connection.
 *
 * <p>The client's options apply, not Bulwark's: where they queue commands while disconnected
 * (Lettuce's default), the store still answers at once while its connection is down, and still
 * waits at most four times {@code timeout} for a call.
 */
public final class RedisStores {

  private RedisStores() {}

  /**
   * Opens the store through the application's client, connecting to {@link RedisStoreConfig#uri()}
   * ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}); {@code cluster} and {@code
   * trust-certificates} are not read (the client's own SSL options apply).
   */
  public static RateLimitStore using(RedisClient client, RedisStoreConfig config) {
    return RedisStore.connect(config, client);
  }

  /**
   * Opens the store through the application's client, connecting to the URI the client was created
   * with ({@code RedisClient.create(uri)}: plain, TLS or Sentinel, with its credentials), as Spring
   * Data Redis's {@code LettuceConnectionFactory} creates its client; {@code uri}, {@code cluster}
   * and {@code trust-certificates} are not read. A client created without a URI never connects:
   * the store reports why on every attempt and the rules use their failure policy.
   */
  public static RateLimitStore usingItsOwnUri(RedisClient client, RedisStoreConfig config) {
    return RedisStore.connectToItsOwnUri(config, client);
  }

  /**
   * Opens the store through the application's cluster client, on the client's own seed nodes;
   * {@code uri}, {@code cluster} and {@code trust-certificates} are not read. A request's steps go
   * as one script call per client key, as with {@code cluster=true}.
   */
  public static RateLimitStore using(RedisClusterClient client, RedisStoreConfig config) {
    return RedisStore.connect(config, client);
  }
}
