package dev.bulwark.benchmarks;

import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RedisStoreConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import redis.embedded.RedisServer;

/**
 * One rate-limit decision with the Redis store, against a real Redis server on the loopback
 * interface, next to a plain Lettuce {@code PING} to the same server in the same run, so the cost
 * of a decision can be read in round trips.
 *
 * <p>The server is the Redis 6.2 binary of the {@code com.github.codemonstur:embedded-redis} jar,
 * started on a free loopback port in {@code @Setup(Level.Trial)} (without persistence), as core's
 * tests do; set {@code REDIS_URL} to measure against another server instead (keys are written
 * under a fresh {@code bench:rl:<nanos>:} prefix). The limiter is {@code RateLimiter.compile(config)}
 * with {@code store=redis}, a 1 s decision timeout (so no decision falls back to the local store
 * during measurement) and one rule, {@code bench}, with a limit of {@code 1000000000/1s} that never
 * refuses. Set-up waits until decisions are no longer {@code degraded()} (100 in a row), that is,
 * until the store is connected and its circuit breaker closed; tear-down fails the run if any
 * decision during measurement fell back or was refused.
 *
 * <ul>
 *   <li>{@link #decisionOneKey}: one thread, one key.
 *   <li>{@link #decisionManyKeys}: one thread cycling over {@value LocalRateLimitBenchmark#KEYS}
 *       precomputed keys.
 *   <li>{@link #ping}: {@code RedisClient.connect().sync().ping()} on its own connection.
 *   <li>{@link #hotKeyThroughput}: {@code @Threads(8)} on one key, decisions per second.
 *   <li>{@link #pingThroughput}: {@code @Threads(8)} sharing one sync connection, PINGs per
 *       second, as the ceiling of one connection on this machine.
 * </ul>
 *
 * <p>The first three are {@code SampleTime} in microseconds, so p50 and p99 of a decision and of a
 * PING come from the same run. A decision with the Redis store is one round trip: one {@code
 * EVALSHA} of the store's script (Redis's {@code TIME}, {@code GET} and {@code SET} of the bucket
 * inside it), completed on Lettuce's event-loop thread while the caller waits on a future, as the
 * sync PING does. Before the script it was two (Bucket4j's compare-and-swap: {@code GET}, then an
 * {@code EVAL} that writes the state if unchanged), and concurrent decisions on one hot key raced
 * each other's compare-and-swap.
 *
 * <p>Targets: decision p99 under 3&times; PING p99; at least 25,000 decisions per second from 8
 * threads on one hot key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisRateLimitBenchmark {

  private static final String RULE = LocalRateLimitBenchmark.RULE;
  private static final String HOT_KEY = LocalRateLimitBenchmark.HOT_KEY;
  private static final int KEYS = LocalRateLimitBenchmark.KEYS;

  private RedisServer server;
  private RateLimiter limiter;
  private RedisClient pingClient;
  private StatefulRedisConnection<String, String> pingConnection;
  private RedisCommands<String, String> redis;
  private String[] keys;
  private long fallbacksBefore;

  /** Per-thread position in the key set. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Starts Redis, connects the limiter and the PING client, and warms every key. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String uri = System.getenv("REDIS_URL");
    if (uri == null || uri.isBlank()) {
      int port = freePort();
      server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(true)
              .build();
      server.start();
      uri = "redis://127.0.0.1:" + port;
    }
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            .redis(
                RedisStoreConfig.builder()
                    .uri(uri)
                    .timeout(Duration.ofSeconds(1))
                    .keyPrefix("bench:rl:" + System.nanoTime() + ":")
                    .breakerOpenFor(Duration.ofMillis(500))
                    .build())
            .rules(LocalRateLimitBenchmark.neverRefusingRule())
            .build();
    limiter = RateLimiter.compile(config);
    LocalRateLimitBenchmark.require("redis".equals(limiter.storeKind()), "expected the Redis store");
    // Decisions made before the connection is up fail and count against the circuit breaker, which
    // may then open for a while after the first success: wait for 100 healthy decisions in a row.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int healthy = 0; healthy < 100; ) {
      if (limiter.tryConsume(RULE, "warm-up").degraded()) {
        LocalRateLimitBenchmark.require(System.nanoTime() < deadline, "the Redis store did not connect within 30 s");
        healthy = 0;
        Thread.sleep(50);
      } else {
        healthy++;
      }
    }
    keys = LocalRateLimitBenchmark.keys(KEYS);
    for (String key : keys) {
      LocalRateLimitBenchmark.requireAllowed(limiter.tryConsume(RULE, key));
    }
    LocalRateLimitBenchmark.requireAllowed(limiter.tryConsume(RULE, HOT_KEY));
    fallbacksBefore = limiter.stats().fallbacks(RULE);

    pingClient = RedisClient.create(RedisURI.create(uri));
    pingConnection = pingClient.connect();
    redis = pingConnection.sync();
    LocalRateLimitBenchmark.require("PONG".equals(redis.ping()), "PING did not answer PONG");
  }

  /** Stops everything; fails the run if a decision fell back to the local store or was refused. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long fallbacks = limiter.stats().fallbacks(RULE) - fallbacksBefore;
    long refused = limiter.stats().decisions(RULE, RateLimitDecision.Outcome.REJECTED);
    try {
      pingConnection.close();
      pingClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      limiter.close();
    } finally {
      if (server != null && server.isActive()) {
        server.stop();
      }
    }
    LocalRateLimitBenchmark.require(fallbacks == 0,
        fallbacks + " decisions fell back to the local store while measuring; the figures are not Redis's");
    LocalRateLimitBenchmark.require(refused == 0, refused + " decisions were refused");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** One decision on one key. */
  @Benchmark
  public RateLimitDecision decisionOneKey() {
    return limiter.tryConsume(RULE, HOT_KEY);
  }

  /** One decision, keys cycling over a warm set. */
  @Benchmark
  public RateLimitDecision decisionManyKeys(Cursor cursor) {
    int i = cursor.next++ & (KEYS - 1);
    return limiter.tryConsume(RULE, keys[i]);
  }

  /** One PING round trip through Lettuce's sync API. */
  @Benchmark
  public String ping() {
    return redis.ping();
  }

  /** Eight threads deciding for one hot key. */
  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public RateLimitDecision hotKeyThroughput() {
    return limiter.tryConsume(RULE, HOT_KEY);
  }

  /** Eight threads sending PING over one shared connection. */
  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String pingThroughput() {
    return redis.ping();
  }
}
