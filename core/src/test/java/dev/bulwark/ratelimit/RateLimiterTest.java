package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimitDecision.Outcome;
import dev.bulwark.ratelimit.internal.LocalStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static RateLimitRule rule(String name, String... limits) {
    return RateLimitRule.builder(name).limits(limits).build();
  }

  private static RateLimiter local(RateLimitRule... rules) {
    return RateLimiter.compile(List.of(rules), new LocalStore(1000), 1000);
  }

  @Test
  void admitsUpToTheCapacityThenRefusesWithRetryAfter() {
    RateLimiter limiter = local(rule("api", "3/1m"));
    for (int i = 0; i < 3; i++) {
      RateLimitDecision decision = limiter.tryConsume("api", "alice");
      assertThat(decision.outcome()).isEqualTo(Outcome.ALLOWED);
      assertThat(decision.remaining()).isEqualTo(2 - i);
    }
    RateLimitDecision refused = limiter.tryConsume("api", "alice");
    assertThat(refused.refused()).isTrue();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 20L);
    assertThat(limiter.tryConsume("api", "bob").outcome()).as("keys are independent").isEqualTo(Outcome.ALLOWED);
    assertThat(limiter.stats().decisions("api", Outcome.REJECTED)).isEqualTo(1);
    assertThat(limiter.stats().decisions("api", Outcome.ALLOWED)).isEqualTo(4);
  }

  @Test
  void aFloodOfDistinctKeysKeepsAtMostMaxKeysAndAFrequentClientKeepsItsBucket() {
    RateLimitConfig config = RateLimitConfig.builder().enabled(true).maxKeys(100).rules(rule("global", "10/1h")).build();
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      String hot = "ip:203.0.113.9";
      for (int i = 0; i < 10; i++) {
        limiter.tryConsume("global", hot);
      }
      assertThat(limiter.tryConsume("global", hot).refused()).isTrue();
      for (int i = 0; i < 20_000; i++) {
        assertThat(limiter.tryConsume("global", "ip:10.0." + (i >> 8) + "." + (i & 255)).refused()).isFalse();
        if (i % 50 == 0) {
          limiter.tryConsume("global", hot);
        }
      }
      assertThat(limiter.localKeys("global")).as("keys tracked after 20,000 distinct clients").isBetween(1L, 100L);
      // Evicted, it would start again with a full bucket; kept, it is still refused.
      assertThat(limiter.tryConsume("global", hot).refused()).as("the frequent client kept its empty bucket through the flood").isTrue();
    }
  }

  @Test
  void everyBandwidthApplies() {
    RateLimiter limiter = local(rule("api", "5/1s", "6/1h"));
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      if (!limiter.tryConsume("api", "k").refused()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void costTakesSeveralTokens() {
    RateLimiter limiter = local(rule("exports", "10/1h"));
    assertThat(limiter.tryConsume("exports", "t1", 7).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(limiter.tryConsume("exports", "t1", 4).refused()).isTrue();
    assertThat(limiter.tryConsume("exports", "t1", 3).outcome()).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void shadowRulesReportButNeverRefuse() {
    RateLimitRule shadow = RateLimitRule.builder("trial").limits("1/1h").shadow(true).build();
    RateLimiter limiter = local(shadow);
    limiter.tryConsume("trial", "k");
    RateLimitDecision second = limiter.tryConsume("trial", "k");
    assertThat(second.outcome()).isEqualTo(Outcome.SHADOW_REJECTED);
    assertThat(second.refused()).isFalse();
  }

  @Test
  void countedResponsesFeedThePenaltyBox() {
    RateLimitRule login =
        new RateLimitRule(
            "login-failures", null, null, List.of("100/1h"), null, null, List.of(401),
            new Penalty(3, Duration.ofMinutes(10), Duration.ofMinutes(30)), null, null, null);
    RateLimiter limiter = local(login);
    var compiled = limiter.rules().get(0);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryConsume(compiled, "mallory", 1).refused()).isFalse();
      limiter.recordCounted(compiled, "mallory");
    }
    assertThat(limiter.tryConsume(compiled, "mallory", 1).refused()).isFalse();
    limiter.recordCounted(compiled, "mallory");
    RateLimitDecision blocked = limiter.tryConsume(compiled, "mallory", 1);
    assertThat(blocked.outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(blocked.retryAfterSeconds()).isBetween(1700L, 1800L);
    assertThat(limiter.tryConsume(compiled, "alice", 1).refused()).isFalse();

    limiter.reset("login-failures", "mallory");
    assertThat(limiter.tryConsume(compiled, "mallory", 1).refused()).as("reset lifts the block").isFalse();
  }

  @Test
  void countOnlyRulesDoNotConsumeBeforeTheResponse() {
    RateLimitRule failures = RateLimitRule.builder("failures").limits("2/1h").countStatuses(401).build();
    RateLimiter limiter = local(failures);
    var compiled = limiter.rules().get(0);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryConsume(compiled, "k", 1).refused()).as("successes are free").isFalse();
    }
    limiter.recordCounted(compiled, "k");
    limiter.recordCounted(compiled, "k");
    assertThat(limiter.tryConsume(compiled, "k", 1).refused()).isTrue();
  }

  @Test
  void concurrentCallersNeverGetMoreThanTheCapacity() throws Exception {
    RateLimiter limiter = local(rule("hot", "1000/1h"));
    AtomicInteger admitted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.submit(() -> {
        start.await();
        for (int i = 0; i < 500; i++) {
          if (!limiter.tryConsume("hot", "one-key").refused()) {
            admitted.incrementAndGet();
          }
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(admitted.get()).isEqualTo(1000);
  }

  @Test
  void localStoreStaysWithinItsKeyBound() {
    LocalStore store = new LocalStore(1000);
    RateLimiter limiter = RateLimiter.compile(List.of(rule("global", "10/1m")), store, 1000);
    for (int i = 0; i < 200_000; i++) {
      limiter.tryConsume("global", "client-" + i);
    }
    assertThat(store.size(limiter.rule("global").bucket())).isLessThanOrEqualTo(1000);
  }
}
