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
 * {@code INFO commandstats}, so that a change which adds a round trip fails here. Commands a
 * script runs are counted there too: round trips are the EVALSHA (or EVAL) calls.
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
            new RedisStoreConfig(redis.uri(), Duration.ofSeconds(1), "test:rt:" + System.nanoTime() + ":", null, null, false, null, null),
            null, null, null, null, null, null, null, null);
    RateLimiter limiter = RateLimiter.compile(config);
    await().atMost(Duration.ofSeconds(10)).until(() -> !limiter.tryConsume("global", "warm-up").degraded());
    return limiter;
  }

  /**
   * What the servlet filter asks for a GET with the default rules, as {@code RateLimitPolicy}
   * asks it: {@code global} takes a token and {@code auth-failures} (a GET presents no credentials)
   * checks the penalty block, both in one decision.
   */
  private static void get(RateLimiter limiter, List<CompiledRule> rules, String client) {
    CompiledRule[] matched = new CompiledRule[rules.size()];
    String[] keys = new String[rules.size()];
    long[] tokens = new long[rules.size()];
    RateLimiter.Ask[] asks = new RateLimiter.Ask[rules.size()];
    int count = 0;
    for (CompiledRule rule : rules) {
      if (rule.matches("GET", "/api/notes")) {
        matched[count] = rule;
        keys[count] = client;
        tokens[count] = rule.cost();
        asks[count] = rule.countsResponses() ? RateLimiter.Ask.CHECK_BLOCK : RateLimiter.Ask.CONSUME;
        count++;
      }
    }
    assertThat(count).as("global and auth-failures match a GET").isEqualTo(2);
    List<RateLimitDecision> decisions = limiter.decide(matched, keys, tokens, asks, count);
    assertThat(decisions).hasSize(2).allSatisfy(d -> assertThat(d.degraded()).isFalse());
  }

  private static long total(Map<String, Long> used) {
    return used.values().stream().mapToLong(Long::longValue).sum();
  }

  private static final java.util.Set<String> RUN_BY_THE_SCRIPT = java.util.Set.of("time", "get", "set", "pttl", "del", "exists");

  /**
   * Commands the client sent, one round trip each: every command but those the script runs (the
   * maps are compared exactly as well, so a GET sent on its own would show there).
   */
  private static long sent(Map<String, Long> used) {
    return used.entrySet().stream().filter(e -> !RUN_BY_THE_SCRIPT.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * A client Redis already has a {@code global} bucket for: one EVALSHA, in which the script reads
   * Redis's clock, the bucket (GET, SET with its expiry) and the {@code auth-failures} block (PTTL,
   * and PTTL of the block's key before the hash-tagged layout). Before the script: five commands in
   * three round trips (Bucket4j's compare-and-swap GET, then a script running GET and PSETEX, and
   * one MGET); before the MGET, six and four.
   */
  @Test
  void aGetWithTheDefaultRulesFromAKnownClientCostsOneRoundTrip() throws Exception {
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
      System.out.println("[round trips] known clients, " + REQUESTS + " GETs: " + used + ", " + (double) sent(used) / REQUESTS + " sent per request");
      assertThat(used)
          .as("one EVALSHA per request; the rest ran inside it")
          .isEqualTo(Map.of("evalsha", (long) REQUESTS, "time", (long) REQUESTS, "get", (long) REQUESTS, "set", (long) REQUESTS, "pttl", 2L * REQUESTS));
      assertThat(sent(used)).isEqualTo(REQUESTS);
    }
  }

  /**
   * A client never seen: the same one EVALSHA. The {@code auth-failures} check finds no block and
   * writes nothing, so no bucket is stored for it; {@code global}'s bucket is written with an
   * expiry at which it would be full again.
   */
  @Test
  void aGetWithTheDefaultRulesFromANewClientCostsOneRoundTripAndStoresNoAuthFailureBucket() throws Exception {
    try (RateLimiter limiter = limiter()) {
      List<CompiledRule> rules = limiter.rules();
      Map<String, Long> before = commandStats();
      for (int i = 0; i < REQUESTS; i++) {
        get(limiter, rules, "ip:198.51.100." + i);
      }
      Map<String, Long> used = delta(before, commandStats());
      System.out.println("[round trips] new clients, " + REQUESTS + " GETs: " + used + ", " + (double) sent(used) / REQUESTS + " sent per request");
      assertThat(used)
          .isEqualTo(Map.of("evalsha", (long) REQUESTS, "time", (long) REQUESTS, "get", (long) REQUESTS, "set", (long) REQUESTS, "pttl", 2L * REQUESTS));
      assertThat(sent(used)).isEqualTo(REQUESTS);
      assertThat(admin.sync().keys("*auth-failures*")).as("no auth-failures state for clients that never failed").isEmpty();
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
            new RedisStoreConfig(redis.uri(), Duration.ofSeconds(1), prefix, null, null, false, null, null),
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
      assertThat(sent(delta(before, commandStats()))).as("a blocked client costs one round trip").isEqualTo(1L);
      assertThat(blocked.outcome()).isEqualTo(RateLimitDecision.Outcome.BLOCKED);
      assertThat(blocked.retryAfterSeconds()).isBetween(88L, 90L);
      assertThat(limiter.stats().storeErrors()).isZero();

      // A block written by an earlier version, under the key layout before the hash tag (its value
      // was "1" or its end time): it still blocks, with the time left from PTTL.
      admin.sync().set(prefix + "block:failures:ip:b", "1", io.lettuce.core.SetArgs.Builder.px(60_000));
      RateLimitDecision old = limiter.tryConsume(rule, "ip:b", 1);
      assertThat(old.outcome()).isEqualTo(RateLimitDecision.Outcome.BLOCKED);
      assertThat(old.retryAfterSeconds()).isBetween(58L, 60L);

      limiter.reset("failures", "ip:a");
      assertThat(limiter.tryConsume(rule, "ip:a", 1).outcome()).as("reset lifts the block").isEqualTo(RateLimitDecision.Outcome.ALLOWED);
    }
  }
}
