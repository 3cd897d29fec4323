package dev.bulwark.redis;

import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.redis.internal.RedisStore;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.util.function.Supplier;

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
   * Opens the store over a client the application may replace while it runs, such as the one
   * Spring Data Redis's {@code LettuceConnectionFactory} creates each time it starts: {@code
   * currentClient} is asked at every (re)connect, and may give null while there is none (the store
   * retries, backing off to every 5 s, and the rules use their failure policy meanwhile). A {@link
   * RedisClient} connects to the URI it was created with ({@code RedisClient.create(uri)}: plain,
   * TLS or Sentinel, with its credentials), a {@link RedisClusterClient} to its seed nodes; {@code
   * cluster} says which the supplier gives, since a request's steps are split by hash slot on a
   * Cluster. {@code uri}, {@code cluster} and {@code trust-certificates} of the config are not read.
   * A connection the application's client closes (it was shut down) is replaced through the client
   * the supplier gives then.
   */
  public static RateLimitStore usingCurrentClient(
      Supplier<? extends AbstractRedisClient> currentClient, boolean cluster, RedisStoreConfig config) {
    return RedisStore.connectToCurrentClient(config, currentClient, cluster);
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
