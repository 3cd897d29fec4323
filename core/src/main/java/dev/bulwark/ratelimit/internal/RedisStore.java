package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RedisStoreConfig;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis through Bucket4j's Lettuce integration (compare-and-swap, so limits stay exact
 * across instances). Every call waits at most the configured timeout; failures and timeouts feed a
 * Resilience4j circuit breaker, and while it is open calls fail at once, so an outage costs one
 * timeout instead of one per request. Keys expire when their bucket would be full again. The
 * connection is made lazily and re-made after failures; Redis being down at start-up does not stop
 * the application.
 */
public final class RedisStore implements RateLimitStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final RedisURI uri;
  private final long timeoutNanos;
  private final String prefix;
  private final CircuitBreaker breaker;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile Connected connected;

  private record Connected(StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> buckets) {}

  /**
   * Bucket proxies by key, each with Bucket4j's batching optimisation: concurrent requests for one
   * hot key are merged into one compare-and-swap instead of racing (and retrying) each other. The
   * limit stays exact. Bounded, and rebuilt after a reconnect.
   */
  private final Cache<String, AsyncBucketProxy> proxies =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(1)).build();

  private RedisStore(RedisStoreConfig config) {
    this.uri = RedisURI.create(config.uri());
    this.timeoutNanos = config.timeout().toNanos();
    this.prefix = config.keyPrefix();
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
            .timeoutOptions(TimeoutOptions.enabled(config.timeout().multipliedBy(4)))
            .build());
    this.breaker =
        CircuitBreaker.of(
            "bulwark-rate-limit-redis",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
  }

  /** Creates the store and starts connecting in the background. */
  public static RedisStore connect(RedisStoreConfig config) {
    RedisStore store = new RedisStore(config);
    store.reconnect();
    return store;
  }

  /** Returns the circuit breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public String breakerState() {
    return breaker.getState().name();
  }

  /** Returns whether a connection is established. */
  public boolean isConnected() {
    Connected current = connected;
    return current != null && current.connection().isOpen();
  }

  private void reconnect() {
    if (!connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(CODEC, uri)
        .whenComplete(
            (connection, error) -> {
              connecting.set(false);
              if (error != null) {
                LOG.warn("Cannot connect to Redis for rate limiting ({}); rules use their failure policy until it is back", error.getClass().getSimpleName());
                return;
              }
              AsyncProxyManager<String> buckets =
                  Bucket4jLettuce.casBasedBuilder(connection)
                      .expirationAfterWrite(
                          ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                      .build()
                      .asAsync();
              proxies.invalidateAll();
              connected = new Connected(connection, buckets);
              LOG.info("Rate limiting connected to Redis");
            });
  }

  private Connected connection() {
    Connected current = connected;
    if (current == null) {
      reconnect();
      throw new StoreUnavailableException("Redis is not connected", null);
    }
    return current;
  }

  private <T> T call(java.util.function.Function<Connected, CompletionStage<T>> operation) {
    // Not connected yet (start-up, reconnecting) is known without a call: it must not count as a
    // failure, or the breaker would open just as the connection arrives.
    Connected current = connection();
    if (!breaker.tryAcquirePermission()) {
      throw new StoreUnavailableException("Redis circuit breaker is open", null);
    }
    long start = System.nanoTime();
    try {
      CompletableFuture<T> future = operation.apply(current).toCompletableFuture();
      T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw new StoreUnavailableException("interrupted waiting for Redis", e);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw e instanceof StoreUnavailableException sue ? sue : new StoreUnavailableException("Redis call failed", e);
    }
  }

  private String key(String namespace, String key) {
    return prefix + namespace + ":" + key;
  }

  @Override
  public Consumption tryConsume(BucketSpec spec, String key, long tokens) {
    ConsumptionProbe probe = call(c -> proxy(c, spec, key).tryConsumeAndReturnRemaining(tokens));
    return new Consumption(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public Consumption estimate(BucketSpec spec, String key, long tokens) {
    EstimationProbe probe = call(c -> proxy(c, spec, key).estimateAbilityToConsume(tokens));
    return new Consumption(probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  private AsyncBucketProxy proxy(Connected connection, BucketSpec spec, String key) {
    String redisKey = key(spec.name(), key);
    return proxies.get(
        redisKey,
        k -> connection.buckets().builder().withOptimization(Optimizations.batching()).build(k, spec.asyncConfiguration()));
  }

  @Override
  public void block(String namespace, String key, Duration duration) {
    call(c -> c.connection().async().set(key("block:" + namespace, key), "1".getBytes(StandardCharsets.US_ASCII), SetArgs.Builder.px(duration.toMillis())));
  }

  @Override
  public long blockedNanos(String namespace, String key) {
    Long ttl = call(c -> c.connection().async().pttl(key("block:" + namespace, key)));
    return ttl == null || ttl <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(ttl);
  }

  @Override
  public void reset(BucketSpec spec, String key) {
    proxies.invalidate(key(spec.name(), key));
    call(c -> c.connection().async().del(key(spec.name(), key), key("block:" + spec.name(), key)));
  }

  /** Sends PING, for health checks; returns the round trip in nanoseconds. */
  public long ping() {
    long start = System.nanoTime();
    call(c -> c.connection().async().ping());
    return System.nanoTime() - start;
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public void close() {
    Connected current = connected;
    if (current != null) {
      current.connection().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
