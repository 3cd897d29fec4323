package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RedisStoreConfig;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis through Bucket4j's Lettuce integration (compare-and-swap, so limits stay exact
 * across instances). Every call waits at most the configured timeout; failures and timeouts feed a
 * Resilience4j circuit breaker, and while it is open calls fail at once, so an outage costs one
 * timeout instead of one per request. Keys expire when their bucket would be full again. The
 * connection is made lazily and re-made after failures; Redis being down at start-up does not stop
 * the application.
 *
 * <p>A hung Redis (paused, or a host gone without closing the connection) refuses nothing, so
 * nothing fails before a call's timeout. To show it sooner than that, the store watches its own
 * calls: once one has waited longer than the health timeout with no answer from Redis meanwhile, or
 * a call or health PING ran out of its deadline and nothing has answered since, {@link #problem()}
 * says so, without a round trip. Decisions are not cut short by it: they still wait up to their
 * own timeout, so a Redis slower than the health timeout but within the decision timeout still
 * decides. The breaker opens on the first call that timed out while nothing answered after it
 * began (a hang, not a slow answer), instead of waiting for three such calls.
 */
public final class RedisStore implements RateLimitStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final RedisURI uri;
  private final long timeoutNanos;
  private final long healthTimeoutNanos;
  private final String prefix;
  private final CircuitBreaker breaker;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile Connected connected;

  // What Redis has done lately, for problem(): read on every health check and gauge scrape, written
  // on every call, so plain volatile fields and one counter, no lock.
  /** Calls (decisions and health PINGs) waiting for Redis now. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** When a call began while none was waiting: the waiting calls have waited at most this long. */
  private volatile long waitingSinceNanos = System.nanoTime();
  /** When Redis last answered a call. */
  private volatile long answeredNanos = System.nanoTime();
  /** A call or PING ran out of its deadline and nothing has answered since. */
  private volatile boolean stalled;

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
    this.healthTimeoutNanos = config.healthTimeout().toNanos();
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

  /**
   * Returns why Redis cannot be counted on now, or empty while it can: not connected, the breaker
   * not closed, a call waiting longer than the health timeout with no answer meanwhile, or a call
   * that ran out of its deadline with no answer since. Makes no round trip.
   */
  public java.util.Optional<String> problem() {
    if (!isConnected()) {
      return java.util.Optional.of("not connected");
    }
    CircuitBreaker.State state = breaker.getState();
    if (state != CircuitBreaker.State.CLOSED) {
      return java.util.Optional.of("circuit breaker " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (stalled) {
      return java.util.Optional.of("a call timed out and Redis has not answered since");
    }
    // Read the count first: a call that begins with none waiting writes waitingSinceNanos before
    // it counts itself, so a count seen here comes with a start time at least as recent.
    if (waiting.get() > 0) {
      long now = System.nanoTime();
      long since = Math.max(answeredNanos - now, waitingSinceNanos - now) + now;
      long silentNanos = now - since;
      if (silentNanos > healthTimeoutNanos) {
        return java.util.Optional.of("no answer for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
      }
    }
    return java.util.Optional.empty();
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
    long start = begin();
    try {
      CompletableFuture<T> future = operation.apply(current).toCompletableFuture();
      T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      answered();
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw new StoreUnavailableException("interrupted waiting for Redis", e);
    } catch (TimeoutException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      timedOut(start, true);
      throw new StoreUnavailableException("Redis did not answer in time", e);
    } catch (ExecutionException | RuntimeException e) {
      if (isAnswer(e)) {
        answered();
      }
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw e instanceof StoreUnavailableException sue ? sue : new StoreUnavailableException("Redis call failed", e);
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Counts a call as waiting and returns its start. */
  private long begin() {
    long start = System.nanoTime();
    if (waiting.get() == 0) {
      waitingSinceNanos = start;
    }
    waiting.incrementAndGet();
    return start;
  }

  private void closeBreakerAfterHealthyPing() {
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
      try {
        breaker.transitionToClosedState();
        LOG.info("Redis answered the health check's PING; rate-limit decisions use it again (circuit breaker closed)");
      } catch (IllegalStateTransitionException raced) {
        // A decision moved the breaker first.
      }
    }
  }

  private void answered() {
    answeredNanos = System.nanoTime();
    if (stalled) {
      stalled = false;
    }
  }

  /**
   * A call ran out of its deadline. When nothing at all answered after it began, Redis is hung (a
   * slow Redis would have answered the calls before it): a decision opens the breaker at once, so
   * the next requests decide by their failure policy instead of each waiting one more timeout.
   */
  private void timedOut(long start, boolean decision) {
    stalled = true;
    if (decision && answeredNanos - start < 0 && breaker.getState() == CircuitBreaker.State.CLOSED) {
      try {
        breaker.transitionToOpenState();
        LOG.warn("Redis did not answer a rate-limit call within {} ms and nothing else since; circuit breaker open", TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      } catch (IllegalStateTransitionException raced) {
        // Another call opened it first.
      }
    }
  }

  /** Whether Redis itself replied (with an error), as opposed to a broken or refused connection. */
  private static boolean isAnswer(Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    return cause instanceof RedisCommandExecutionException;
  }

  private String key(String namespace, String key) {
    return prefix + namespace + ":" + key;
  }

  @Override
  public Consumption tryConsume(BucketSpec spec, String key, long tokens) {
    if (spec.multiBandwidth()) {
      VerboseResult<ConsumptionProbe> verbose = call(c -> proxy(c, spec, key).asVerbose().tryConsumeAndReturnRemaining(tokens));
      ConsumptionProbe probe = verbose.getValue();
      return spec.consumption(
          probe.isConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    ConsumptionProbe probe = call(c -> proxy(c, spec, key).tryConsumeAndReturnRemaining(tokens));
    return new Consumption(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public Consumption estimate(BucketSpec spec, String key, long tokens) {
    if (spec.multiBandwidth()) {
      VerboseResult<EstimationProbe> verbose = call(c -> proxy(c, spec, key).asVerbose().estimateAbilityToConsume(tokens));
      EstimationProbe probe = verbose.getValue();
      return spec.consumption(
          probe.canBeConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    EstimationProbe probe = call(c -> proxy(c, spec, key).estimateAbilityToConsume(tokens));
    return new Consumption(probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public void addTokens(BucketSpec spec, String key, long tokens) {
    call(c -> proxy(c, spec, key).addTokens(tokens));
  }

  private AsyncBucketProxy proxy(Connected connection, BucketSpec spec, String key) {
    String redisKey = key(spec.name(), key);
    return proxies.get(
        redisKey,
        k -> connection.buckets().builder().withOptimization(Optimizations.batching()).build(k, spec.asyncConfiguration()));
  }

  /**
   * The block's value is the wall-clock time it ends, in epoch milliseconds, so that {@link
   * #blockedOrEstimate} reads it with the bucket in one MGET instead of asking PTTL separately.
   * The key's own expiry still ends the block; the value only gives the time left (off by the
   * clock difference between instances, which only changes the Retry-After a client is told).
   */
  @Override
  public void block(String namespace, String key, Duration duration) {
    byte[] until = Long.toString(System.currentTimeMillis() + duration.toMillis()).getBytes(StandardCharsets.US_ASCII);
    call(c -> c.connection().async().set(key("block:" + namespace, key), until, SetArgs.Builder.px(duration.toMillis())));
  }

  /**
   * One MGET for the block and the bucket. A bucket key that does not exist is a full bucket (keys
   * expire only once their bucket would be full again, and reset deletes them), so the estimate
   * needs no more; only a client with a bucket in Redis costs Bucket4j's read as well. Bucket4j's
   * own estimate would also write a full bucket for every new client, which this avoids.
   */
  @Override
  public Check blockedOrEstimate(String blockNamespace, BucketSpec spec, String key, long tokens) {
    String bucketKey = key(spec.name(), key);
    List<KeyValue<String, byte[]>> values =
        blockNamespace == null
            ? call(c -> c.connection().async().mget(bucketKey))
            : call(c -> c.connection().async().mget(key("block:" + blockNamespace, key), bucketKey));
    if (blockNamespace != null && values.get(0).hasValue()) {
      long blocked = blockedNanos(values.get(0).getValue(), blockNamespace, key);
      if (blocked > 0) {
        return new Check(blocked, null);
      }
    }
    if (values.get(values.size() - 1).hasValue()) {
      return new Check(0, estimate(spec, key, tokens));
    }
    long capacity = spec.smallestCapacity();
    return new Check(0, new Consumption(tokens <= capacity, capacity, 0));
  }

  /** The time left of a block whose key exists, from the end time it holds. */
  private long blockedNanos(byte[] value, String namespace, String key) {
    long until;
    try {
      until = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      until = 0;
    }
    if (until < 1_000_000_000_000L) {
      // Written by a version that stored "1": ask Redis for the time left.
      return blockedNanos(namespace, key);
    }
    // The key exists, so the block holds even if this instance's clock says it is over.
    return TimeUnit.MILLISECONDS.toNanos(Math.max(1, until - System.currentTimeMillis()));
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

  /**
   * Sends PING for health checks, waiting at most the health timeout, not the decision timeout:
   * returns the round trip in nanoseconds, or throws when Redis is not connected or does not
   * answer in time. The breaker does not gate it: a health check is not a decision. It PINGs even
   * while the breaker is open, and an answer closes the breaker, because the health check may be
   * the only caller left: where the store is part of readiness, an outage takes the instance out of
   * rotation, no decision then comes to probe Redis, and a breaker waiting for one would keep the
   * instance out for good after Redis came back.
   */
  public long ping() {
    Connected current = connection();
    long start = begin();
    try {
      current.connection().async().ping().toCompletableFuture().get(healthTimeoutNanos, TimeUnit.NANOSECONDS);
      answered();
      long roundTrip = System.nanoTime() - start;
      closeBreakerAfterHealthyPing();
      return roundTrip;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted waiting for Redis", e);
    } catch (TimeoutException e) {
      timedOut(start, false);
      throw new StoreUnavailableException("Redis did not answer PING within " + TimeUnit.NANOSECONDS.toMillis(healthTimeoutNanos) + " ms", e);
    } catch (ExecutionException | RuntimeException e) {
      if (isAnswer(e)) {
        answered();
      }
      throw new StoreUnavailableException("Redis PING failed", e);
    } finally {
      waiting.decrementAndGet();
    }
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
