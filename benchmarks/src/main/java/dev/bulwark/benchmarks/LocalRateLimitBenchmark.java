package dev.bulwark.benchmarks;

import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
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

/**
 * One rate-limit decision with the local store: {@code RateLimiter.tryConsume("bench", key)} on a
 * limiter made by {@code RateLimiter.compile(config)} with {@code store=local} and one rule, {@code
 * bench}, whose limit ({@code 1000000000/1s}) is so large that nothing is ever refused: every
 * invocation takes the allow path. What is measured is Bulwark's own work plus Bucket4j's: the rule
 * lookup, the Caffeine lookup of the key's bucket, the lock-free consumption, the {@code
 * RateLimitDecision} and the statistics counter.
 *
 * <ul>
 *   <li>{@link #decisionManyKeys}: one thread cycling through {@value #KEYS} precomputed keys (so
 *       no string is built in the measured method), all warm: their buckets exist after the first
 *       round of warm-up. Mode {@code SampleTime} in ns, so the median (p0.50) and the tail are
 *       reported. A sample includes one {@code System.nanoTime()} call, about 20-30 ns on this kind
 *       of machine; run with {@code -bm avgt} to see the average without it.
 *   <li>{@link #decisionOneKey}: the same on a single key, for comparison.
 *   <li>{@link #hotKeyThroughput}: {@code @Threads(8)}, all on one key, in decisions per second
 *       ({@code Throughput}). Eight threads hit one Bucket4j bucket, whose state is replaced by
 *       compare-and-swap, so this is the contended case. {@code RedisRateLimitBenchmark} has the
 *       same benchmark against Redis.
 * </ul>
 *
 * <p>Targets: a local decision under 150 ns median; at least 25,000 decisions per second from 8
 * threads on one hot key. Run with {@code -prof gc} for the allocation per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalRateLimitBenchmark {

  static final int KEYS = 1024;
  static final String RULE = "bench";
  static final String HOT_KEY = "hot-client";

  private RateLimiter limiter;
  private String[] keys;

  /** Per-thread position in the key set. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** A rule that never refuses, as the only rule, with the local store. */
  static RateLimitRule neverRefusingRule() {
    return RateLimitRule.builder(RULE).limits("1000000000/1s").build();
  }

  /** Precomputed keys, such as {@code ip:10.0.3.255}. */
  static String[] keys(int count) {
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = "ip:10.0." + (i >>> 8) + "." + (i & 0xff);
    }
    return keys;
  }

  /** Creates the limiter, warms every key and checks that decisions are allowed. */
  @Setup(Level.Trial)
  public void setUp() {
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.LOCAL)
            .rules(neverRefusingRule())
            .build();
    limiter = RateLimiter.compile(config);
    require("local".equals(limiter.storeKind()), "expected the local store, got " + limiter.storeKind());
    keys = keys(KEYS);
    for (String key : keys) {
      requireAllowed(limiter.tryConsume(RULE, key));
    }
    requireAllowed(limiter.tryConsume(RULE, HOT_KEY));
  }

  /** Fails the run if anything was refused while measuring. */
  @TearDown(Level.Trial)
  public void tearDown() {
    long refused = limiter.stats().decisions(RULE, RateLimitDecision.Outcome.REJECTED);
    limiter.close();
    require(refused == 0, refused + " decisions were refused; the benchmark must measure the allow path");
  }

  static void requireAllowed(RateLimitDecision decision) {
    require(decision.outcome() == RateLimitDecision.Outcome.ALLOWED && !decision.degraded(),
        "expected an allowed, non-degraded decision, got " + decision);
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /** One decision, keys cycling over a warm set of {@value #KEYS}. */
  @Benchmark
  public RateLimitDecision decisionManyKeys(Cursor cursor) {
    int i = cursor.next++ & (KEYS - 1);
    return limiter.tryConsume(RULE, keys[i]);
  }

  /** One decision, always the same key, one thread. */
  @Benchmark
  public RateLimitDecision decisionOneKey() {
    return limiter.tryConsume(RULE, HOT_KEY);
  }

  /** Eight threads deciding for one hot key. */
  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public RateLimitDecision hotKeyThroughput() {
    return limiter.tryConsume(RULE, HOT_KEY);
  }
}
