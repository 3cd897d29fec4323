package dev.bulwark.benchmarks;

import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimiter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;

/**
 * A flood of distinct client addresses through the local rate-limit store, measured for retained
 * heap rather than time (a plain main class, not JMH: what is measured is what stays after a full
 * GC, which the load of the machine does not change).
 *
 * <p>It drives {@link RateLimiter} with the built-in rules ({@code bulwark.rate-limit.enabled=true}
 * and nothing else) as the rate-limit stage does for a GET from a new client: the built-in rules that match a GET
 * are asked with {@code tryConsume(rule, "ip:" + address)} ({@code global} takes a token; {@code
 * auth-failures}, which counts only failed credentials, checks its penalty block and estimates
 * without storing; {@code login} matches only POSTs, so it is not asked). Each request comes
 * from an address never seen before (10.0.0.0/8 and 11.0.0.0/8 in order, as a proxy's {@code
 * X-Forwarded-For} flood would bring them), so every one would be a new key without the bound.
 *
 * <p>At checkpoints it runs a full GC and prints the heap still in use, its growth over the empty
 * limiter, how many keys rule {@code global} tracks ({@code RateLimiter.localKeys}) and the bytes
 * per tracked key. Run it with a small {@code -Xmx}: finishing at all shows the heap stays under
 * that bound.
 *
 * <pre>
 * benchmarks/run-flood.sh measure                       10,000,000 addresses, max-keys 100,000
 * java -Xmx256m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     dev.bulwark.benchmarks.KeyFloodMeasurement 10000000 100000
 * </pre>
 */
public final class KeyFloodMeasurement {

  private KeyFloodMeasurement() {}

  /**
   * Runs the flood.
   *
   * @param args the number of distinct addresses (default 10,000,000) and {@code max-keys}
   *     (default 100,000, Bulwark's default)
   */
  public static void main(String[] args) {
    long addresses = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
    int maxKeys = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 100_000;
    if (addresses > (1L << 25)) {
      throw new IllegalArgumentException("at most 2^25 distinct addresses (two /8 networks)");
    }
    RateLimitConfig config = RateLimitConfig.builder().enabled(true).maxKeys(maxKeys).build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.out.printf(
        Locale.ROOT,
        "Key flood: %,d distinct addresses, max-keys %,d, built-in rules, -Xmx %,d MiB, %s %s%n",
        addresses, maxKeys, Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      List<String> rules = List.of("global", "auth-failures");
      if (!limiter.stats().rules().containsAll(rules)) {
        throw new AssertionError("the built-in rules changed: " + limiter.stats().rules());
      }
      long baseline = retained(memory);
      System.out.printf(Locale.ROOT, "%n| Distinct addresses | Keys tracked (global) | Retained heap | Growth | Bytes per tracked key | Seconds |%n");
      System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|%n");
      long start = System.nanoTime();
      long next = 1_000;
      for (long i = 0; i < addresses; i++) {
        String key = "ip:" + address(i);
        for (String rule : rules) {
          limiter.tryConsume(rule, key);
        }
        if (i + 1 == next || i + 1 == addresses) {
          long keys = limiter.localKeys("global");
          long heap = retained(memory);
          long growth = heap - baseline;
          System.out.printf(
              Locale.ROOT,
              "| %,d | %,d | %,.1f MiB | %,.1f MiB | %s | %.1f |%n",
              i + 1, keys, heap / 1048576.0, growth / 1048576.0,
              keys == 0 ? "-" : String.format(Locale.ROOT, "%,d", growth / keys),
              (System.nanoTime() - start) / 1e9);
          if (keys > maxKeys) {
            throw new AssertionError("the store tracks " + keys + " keys, over max-keys " + maxKeys);
          }
          next *= 10;
        }
      }
    }
  }

  /** The i-th address of 10.0.0.0/8 then 11.0.0.0/8, as text, like a forwarded header holds it. */
  static String address(long i) {
    return (10 + (i >> 24)) + "." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  /** The heap in use after full collections, until it stops shrinking. */
  private static long retained(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
