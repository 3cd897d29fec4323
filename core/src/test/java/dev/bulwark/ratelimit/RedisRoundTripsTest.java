package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How many Redis commands a request costs with the default rules, read from the real server's
 * {@code INFO commandstats}, so that a change which adds a round trip fails here.
 */
class RedisRoundTripsTest {

  private static final int REQUESTS = 200;
  private static EmbeddedRedis redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> admin;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = EmbeddedRedis.start();
    client = RedisClient.create(redis.uri());
    admin = client.connect();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    admin.close();
    client.shutdown();
    redis.close();
  }

  /** Calls per command name since the server started (or the last CONFIG RESETSTAT). */
  private static Map<String, Long> commandStats() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : admin.sync().info("commandstats").split("\r?\n")) {
      // cmdstat_get:calls=12,usec=...
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String rest = line.substring(line.indexOf("calls=") + 6);
        calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
      }
    }
    return calls;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((name, calls) -> {
      long d = calls - before.getOrDefault(name, 0L);
      if (d > 0 && !name.equals("info")) {
        delta.put(name, d);
      }
    });
    return delta;
  }

  private static RateLimiter limiter() {
    RateLimitConfig config =
        new RateLimitConfig(
            true,
            RateLimitConfig.StoreType.REDIS,
            null,
            new RedisStoreConfig(redis.uri(), Duration.ofSeconds(1), "test:rt:" + System.nanoTime() + ":", null, null),
            null, null, null, null, null, null, null, null);
    RateLimiter limiter = RateLimiter.compile(config);
    await().atMost(Duration.ofSeconds(10)).until(() -> !limiter.tryConsume("global", "warm-up").degraded());
    return limiter;
  }

  /** What the servlet filter asks for a GET with the default rules: global, then auth-failures. */
  private static void get(RateLimiter limiter, List<CompiledRule> rules, String client) {
    for (CompiledRule rule : rules) {
      if (rule.matches("GET", "/api/notes")) {
        assertThat(limiter.tryConsume(rule, client, rule.cost()).degraded()).isFalse();
      }
    }
  }

  private static long total(Map<String, Long> used) {
    return used.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * A client Redis already has a {@code global} bucket for: Bucket4j's compare-and-swap for {@code
   * global} (GET, then a script running GET and PSETEX) and one MGET of the {@code auth-failures}
   * block and bucket. Five commands, three round trips; before the MGET, six and four (PTTL, then
   * Bucket4j's GET of the bucket it had written on the client's first request).
   */
  @Test
  void aGetWithTheDefaultRulesFromAKnownClientCostsFiveCommands() throws Exception {
    try (RateLimiter limiter = limiter()) {
      List<CompiledRule> rules = limiter.rules();
      int clients = 50;
      for (int c = 0; c < clients; c++) {
        get(limiter, rules, "ip:203.0.113." + c);
      }
      Map<String, Long> before = commandStats();
      // 4 more requests per client: well within global's burst of 100, so every one is allowed and
      // takes a token.
      for (int i = 0; i < REQUESTS; i++) {
        get(limiter, rules, "ip:203.0.113." + (i % clients));
      }
      Map<String, Long> used = delta(before, commandStats());
      System.out.println("[round trips] known clients, " + REQUESTS + " GETs: " + used + ", " + (double) total(used) / REQUESTS + " per request");
      assertThat(used).isEqualTo(Map.of("get", 2L * REQUESTS, "eval", (long) REQUESTS, "psetex", (long) REQUESTS, "mget", (long) REQUESTS));
      assertThat(total(used)).isEqualTo(5L * REQUESTS);
    }
  }

  /**
   * A client never seen: Bucket4j creates its {@code global} bucket (four commands), and the
   * {@code auth-failures} check is one MGET that finds neither a block nor a bucket, so it writes
   * nothing. Before, that check cost PTTL plus Bucket4j's estimate, which wrote a full bucket for
   * every new client: nine commands a request in all.
   */
  @Test
  void aGetWithTheDefaultRulesFromANewClientCostsFiveCommandsAndStoresNoAuthFailureBucket() throws Exception {
    try (RateLimiter limiter = limiter()) {
      List<CompiledRule> rules = limiter.rules();
      Map<String, Long> before = commandStats();
      for (int i = 0; i < REQUESTS; i++) {
        get(limiter, rules, "ip:198.51.100." + i);
      }
      Map<String, Long> used = delta(before, commandStats());
      System.out.println("[round trips] new clients, " + REQUESTS + " GETs: " + used + ", " + (double) total(used) / REQUESTS + " per request");
      assertThat(used).isEqualTo(Map.of("get", 2L * REQUESTS, "eval", (long) REQUESTS, "set", (long) REQUESTS, "mget", (long) REQUESTS));
      assertThat(total(used)).isEqualTo(5L * REQUESTS);
    }
  }

  @Test
  void theOneCommandCheckStillSeesPenaltyBlocksWithTheirTimeLeftAndOldBlockValues() throws Exception {
    String prefix = "test:block:" + System.nanoTime() + ":";
    RateLimitRule failures =
        new RateLimitRule("failures", null, null, List.of("10/1m"), null, "ip", List.of(401), new Penalty(2, Duration.ofMinutes(10), Duration.ofSeconds(90)), null, null, null);
    RateLimitConfig config =
        new RateLimitConfig(
            true, RateLimitConfig.StoreType.REDIS, null,
            new RedisStoreConfig(redis.uri(), Duration.ofSeconds(1), prefix, null, null),
            null, null, null, null, List.of(failures), null, null, null);
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !limiter.tryConsume("failures", "warm-up").degraded());
      CompiledRule rule = limiter.rules().get(0);
      RateLimitDecision fresh = limiter.tryConsume(rule, "ip:a", 1);
      assertThat(fresh.outcome()).isEqualTo(RateLimitDecision.Outcome.ALLOWED);
      assertThat(fresh.remaining()).as("a client Redis has no bucket for has a full one").isEqualTo(10);
      limiter.recordCounted(rule, "ip:a");
      assertThat(limiter.tryConsume(rule, "ip:a", 1).remaining()).as("after one failure, Redis's bucket decides").isEqualTo(9);
      limiter.recordCounted(rule, "ip:a");
      limiter.recordCounted(rule, "ip:a");
      Map<String, Long> before = commandStats();
      RateLimitDecision blocked = limiter.tryConsume(rule, "ip:a", 1);
      assertThat(delta(before, commandStats())).as("a blocked client costs one MGET").isEqualTo(Map.of("mget", 1L));
      assertThat(blocked.outcome()).isEqualTo(RateLimitDecision.Outcome.BLOCKED);
      assertThat(blocked.retryAfterSeconds()).isBetween(88L, 90L);
      assertThat(limiter.stats().storeErrors()).isZero();

      // A block written by an earlier version holds "1": the time left comes from PTTL.
      admin.sync().set(prefix + "block:failures:ip:b", "1", io.lettuce.core.SetArgs.Builder.px(60_000));
      RateLimitDecision old = limiter.tryConsume(rule, "ip:b", 1);
      assertThat(old.outcome()).isEqualTo(RateLimitDecision.Outcome.BLOCKED);
      assertThat(old.retryAfterSeconds()).isBetween(58L, 60L);

      limiter.reset("failures", "ip:a");
      assertThat(limiter.tryConsume(rule, "ip:a", 1).outcome()).as("reset lifts the block").isEqualTo(RateLimitDecision.Outcome.ALLOWED);
    }
  }
}
