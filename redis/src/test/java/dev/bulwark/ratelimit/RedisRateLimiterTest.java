package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.RateLimitDecision.Outcome;
import dev.bulwark.redis.internal.RedisStore;
import dev.bulwark.testing.EmbeddedRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis store against a real Redis server. */
class RedisRateLimiterTest {

  private static EmbeddedRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = EmbeddedRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  private static RateLimitConfig config(String prefix, RateLimitRule... rules) {
    return config(new RedisStoreConfig(redis.uri(), Duration.ofMillis(200), prefix, Duration.ofMillis(500), null, false, null, null), rules);
  }

  private static RateLimitConfig config(RedisStoreConfig store, RateLimitRule... rules) {
    return RateLimitConfig.builder().enabled(true).store(RateLimitConfig.StoreType.REDIS).redis(store).rules(rules).build();
  }

  private static RateLimitRule rule(String name, FailurePolicy policy, String... limits) {
    return RateLimitRule.builder(name).limits(limits).onStoreFailure(policy).build();
  }

  private static void awaitConnected(RateLimiter limiter, String rule) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !limiter.tryConsume(rule, "warm-up").degraded());
  }

  @Test
  void twoInstancesSharingRedisNeverAdmitMoreThanTheLimit() throws Exception {
    String prefix = "test:accuracy:" + System.nanoTime() + ":";
    RateLimitRule shared = rule("shared", FailurePolicy.FAIL_CLOSED, "500/1h");
    try (RateLimiter first = RateLimiter.compile(config(prefix, shared));
        RateLimiter second = RateLimiter.compile(config(prefix, shared))) {
      awaitConnected(first, "shared");
      awaitConnected(second, "shared");
      AtomicInteger admitted = new AtomicInteger();
      AtomicInteger degraded = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < 16; t++) {
        RateLimiter limiter = t % 2 == 0 ? first : second;
        pool.submit(() -> {
          start.await();
          for (int i = 0; i < 60; i++) {
            RateLimitDecision decision = limiter.tryConsume("shared", "one-client");
            if (decision.degraded()) {
              degraded.incrementAndGet();
            } else if (!decision.refused()) {
              admitted.incrementAndGet();
            }
          }
          return null;
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      // 960 attempts against a limit of 500 (minus the two warm-ups on another key): exactly 500
      // admitted unless some timed out, and never more.
      assertThat(admitted.get()).isLessThanOrEqualTo(500);
      assertThat(admitted.get() + degraded.get()).isGreaterThanOrEqualTo(500);
    }
  }

  /**
   * Issue #15: two instances sharing one healthy Redis admitted 21 to 24 of a 30-request burst
   * against a limit of 10, because the 50 ms timeout ran out while commands queued in the busy
   * JVM, the breaker opened, and each instance fell back to buckets of its own. Now with the
   * defaults (50 ms, local fallback): 1,000 concurrent requests on one key from 2 x 16 threads.
   */
  @Test
  void twoInstancesWithTheDefaultTimeoutAndFallbackAdmitNoMoreThanTheLimitUnderABurst() throws Exception {
    String prefix = "test:fleet:" + System.nanoTime() + ":";
    RateLimitRule shared = RateLimitRule.builder("shared").limits("100/1h").build();
    RedisStoreConfig defaults = RedisStoreConfig.builder().uri(redis.uri()).keyPrefix(prefix).build();
    try (RateLimiter first = RateLimiter.compile(config(defaults, shared));
        RateLimiter second = RateLimiter.compile(config(defaults, shared))) {
      awaitConnected(first, "shared");
      awaitConnected(second, "shared");
      long fallbacksBefore = first.stats().fallbacks("shared") + second.stats().fallbacks("shared");
      AtomicInteger admitted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger left = new AtomicInteger(1000);
      for (int t = 0; t < 32; t++) {
        RateLimiter limiter = t < 16 ? first : second;
        pool.submit(() -> {
          start.await();
          while (left.getAndDecrement() > 0) {
            if (!limiter.tryConsume("shared", "one-client").refused()) {
              admitted.incrementAndGet();
            }
          }
          return null;
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      long fallbacks = first.stats().fallbacks("shared") + second.stats().fallbacks("shared") - fallbacksBefore;
      System.out.println("[fleet] admitted " + admitted.get() + " of 1000 against 100; fallbacks " + fallbacks
          + "; breakers open " + first.storeBreakerOpen() + "/" + second.storeBreakerOpen());
      assertThat(admitted.get()).as("admitted (fallbacks: " + fallbacks + ")").isLessThanOrEqualTo(100);
      assertThat(first.storeBreakerOpen() || second.storeBreakerOpen()).as("a healthy Redis opens no breaker").isFalse();
    }
  }

  @Test
  void keysExpireWhenTheirBucketWouldBeFullAgain() throws Exception {
    String prefix = "test:expiry:" + System.nanoTime() + ":";
    try (RateLimiter limiter = RateLimiter.compile(config(prefix, rule("short", FailurePolicy.FAIL_CLOSED, "2/1s")))) {
      awaitConnected(limiter, "short");
      limiter.tryConsume("short", "k");
      limiter.tryConsume("short", "k");
      assertThat(limiter.tryConsume("short", "k").refused()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> !limiter.tryConsume("short", "k").refused());
    }
  }

  @Test
  void anOutageFollowsEachRulesPolicyWithinTheTimeoutAndRecovers() throws Exception {
    Assumptions.assumeTrue(redis.controllable(), "needs a Redis this test can stop");
    String prefix = "test:outage:" + System.nanoTime() + ":";
    RateLimitConfig config =
        config(
            prefix,
            rule("open", FailurePolicy.FAIL_OPEN, "1/1h"),
            rule("closed", FailurePolicy.FAIL_CLOSED, "1000/1h"),
            rule("fallback", FailurePolicy.LOCAL_FALLBACK, "3/1h"));
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      awaitConnected(limiter, "closed");
      limiter.tryConsume("open", "k");
      assertThat(limiter.tryConsume("open", "k").refused()).as("Redis decides while up").isTrue();

      redis.stop();
      try {
        long slowest = 0;
        for (int i = 0; i < 50; i++) {
          long start = System.nanoTime();
          RateLimitDecision open = limiter.tryConsume("open", "k");
          RateLimitDecision closed = limiter.tryConsume("closed", "k");
          slowest = Math.max(slowest, System.nanoTime() - start);
          assertThat(open.degraded()).isTrue();
          assertThat(open.refused()).as("fail-open allows").isFalse();
          assertThat(closed.refused()).as("fail-closed refuses").isTrue();
        }
        assertThat(Duration.ofNanos(slowest)).as("no decision waits past the timeout (two calls)").isLessThan(Duration.ofMillis(1000));
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
          RateLimitDecision decision = limiter.tryConsume("fallback", "k");
          assertThat(decision.degraded()).isTrue();
          if (!decision.refused()) {
            admitted++;
          }
        }
        assertThat(admitted).as("the local fallback keeps abuse bounded").isEqualTo(3);
        assertThat(limiter.stats().fallbacks("fallback")).isEqualTo(10);
        assertThat(limiter.stats().storeErrors()).isPositive();
      } finally {
        redis.restart();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !limiter.tryConsume("closed", "after").degraded());
      // The restarted server kept no data: the bucket starts full, and Redis decides again.
      RateLimitDecision first = limiter.tryConsume("open", "k2");
      RateLimitDecision second = limiter.tryConsume("open", "k2");
      assertThat(first.degraded()).isFalse();
      assertThat(first.outcome()).isEqualTo(Outcome.ALLOWED);
      assertThat(second.degraded()).isFalse();
      assertThat(second.outcome()).as("fail-open no longer applies: Redis refuses").isEqualTo(Outcome.REJECTED);
    }
  }

  @Test
  void aPausedRedisCostsAtMostTheTimeoutThenTheBreakerAnswersAtOnceAndDecisionsReturn() throws Exception {
    Assumptions.assumeTrue(redis.pausable(), "needs a Redis this test can pause");
    String prefix = "test:pause:" + System.nanoTime() + ":";
    RateLimitConfig config =
        config(prefix, rule("open", FailurePolicy.FAIL_OPEN, "2/1h"), rule("closed", FailurePolicy.FAIL_CLOSED, "1000/1h"));
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      awaitConnected(limiter, "closed");
      limiter.tryConsume("open", "k");
      limiter.tryConsume("open", "k");
      assertThat(limiter.tryConsume("open", "k").refused()).as("Redis decides while up").isTrue();

      redis.pause();
      try {
        // A paused server keeps the connection open and answers nothing: only the timeout (200 ms
        // here) ends a call. Without it a decision would wait for Lettuce's own command timeout.
        long slowest = 0;
        for (int i = 0; i < 20; i++) {
          long start = System.nanoTime();
          RateLimitDecision open = limiter.tryConsume("open", "k");
          RateLimitDecision closed = limiter.tryConsume("closed", "k");
          slowest = Math.max(slowest, System.nanoTime() - start);
          assertThat(open.degraded()).isTrue();
          assertThat(open.refused()).as("fail-open allows, even a key Redis had refused").isFalse();
          assertThat(closed.degraded()).isTrue();
          assertThat(closed.refused()).as("fail-closed refuses").isTrue();
        }
        assertThat(Duration.ofNanos(slowest)).as("no decision pair waits past two timeouts and a margin").isLessThan(Duration.ofMillis(1500));
        assertThat(limiter.storeBreakerOpen()).as("the breaker opened: later decisions cost no timeout").isTrue();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
          assertThat(limiter.tryConsume("closed", "k").refused()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("100 decisions with the breaker open take far less than one timeout each")
            .isLessThan(Duration.ofSeconds(5));
        assertThat(limiter.stats().fallbacks("open")).isEqualTo(20);
        assertThat(limiter.stats().storeErrors()).isGreaterThanOrEqualTo(120);
      } finally {
        redis.resume();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !limiter.tryConsume("closed", "after").degraded());
      // The paused server kept its data: the key it had refused is still refused by Redis.
      RateLimitDecision again = limiter.tryConsume("open", "k");
      assertThat(again.degraded()).isFalse();
      assertThat(again.refused()).as("Redis decides again, with the count it kept").isTrue();
    }
  }

  @Test
  void aHungRedisShowsWithinTheHealthTimeoutWhileDecisionsKeepTheirOwnTimeout() throws Exception {
    Assumptions.assumeTrue(redis.pausable(), "needs a Redis this test can pause");
    Duration timeout = Duration.ofSeconds(1);
    Duration healthTimeout = Duration.ofMillis(150);
    RedisStoreConfig store =
        new RedisStoreConfig(redis.uri(), timeout, "test:hang:" + System.nanoTime() + ":", Duration.ofSeconds(1), healthTimeout, false, null, null);
    try (RateLimiter limiter = RateLimiter.compile(config(store, rule("closed", FailurePolicy.FAIL_CLOSED, "1000/1h")))) {
      awaitConnected(limiter, "closed");
      assertThat(limiter.storeProblem()).isEmpty();
      assertThat(limiter.checkStore()).isPositive();

      ExecutorService pool = Executors.newSingleThreadExecutor();
      redis.pause();
      long paused = System.nanoTime();
      try {
        java.util.concurrent.Future<Long> decision =
            pool.submit(() -> {
              long start = System.nanoTime();
              assertThat(limiter.tryConsume("closed", "k").refused()).as("fail-closed refuses").isTrue();
              return System.nanoTime() - start;
            });
        // Without a round trip: the waiting decision alone shows the hang once it has waited
        // longer than the health timeout.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> limiter.storeProblem().isPresent());
        long shown = System.nanoTime() - paused;
        assertThat(limiter.storeProblem()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith("no answer for");
        assertThat(Duration.ofNanos(shown))
            .as("shown after the health timeout, well before the decision timeout")
            .isBetween(healthTimeout, timeout.minusMillis(200));
        assertThat(limiter.storeBreakerOpen()).as("no decision has failed yet").isFalse();

        // The health check's PING has a deadline of its own.
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(limiter::checkStore)
            .isInstanceOf(dev.bulwark.ratelimit.spi.StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("PING gives up at the health timeout").isLessThan(timeout.minusMillis(300));

        long decided = decision.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(decided))
            .as("the decision was not cut short by the health timeout: it waited its own timeout")
            .isBetween(timeout.minusMillis(100), timeout.plusMillis(900));
        assertThat(limiter.storeBreakerOpen()).as("one timed-out call with no answer since it began opens the breaker").isTrue();
        assertThat(limiter.stats().storeErrors()).isEqualTo(1);
        start = System.nanoTime();
        assertThat(limiter.tryConsume("closed", "k").refused()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the open breaker answers at once").isLessThan(Duration.ofMillis(200));
      } finally {
        redis.resume();
        pool.shutdownNow();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !limiter.tryConsume("closed", "after").degraded() && limiter.storeProblem().isEmpty());
      assertThat(limiter.checkStore()).isPositive();
    }
  }

  @Test
  void healthChecksAloneCloseTheBreakerOnceRedisAnswersAgain() throws Exception {
    // Where the store is part of readiness, an outage takes the instance out of rotation: no
    // decision comes any more to probe Redis, so the health check must bring it back on its own.
    Assumptions.assumeTrue(redis.pausable(), "needs a Redis this test can pause");
    RedisStoreConfig store =
        new RedisStoreConfig(redis.uri(), Duration.ofMillis(300), "test:recover:" + System.nanoTime() + ":", Duration.ofMinutes(10), Duration.ofMillis(150), false, null, null);
    try (RateLimiter limiter = RateLimiter.compile(config(store, rule("closed", FailurePolicy.FAIL_CLOSED, "1000/1h")))) {
      awaitConnected(limiter, "closed");
      redis.pause();
      try {
        assertThat(limiter.tryConsume("closed", "k").degraded()).isTrue();
        assertThat(limiter.storeBreakerOpen()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(limiter::checkStore)
            .as("a paused Redis fails the health check")
            .isInstanceOf(dev.bulwark.ratelimit.spi.StoreUnavailableException.class);
      } finally {
        redis.resume();
      }
      // No decision from here on: the breaker would stay open for ten minutes waiting for one.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> limiter.checkStore() > 0);
      assertThat(limiter.storeBreakerOpen()).as("the answered PING closed the breaker").isFalse();
      assertThat(limiter.storeProblem()).isEmpty();
      RateLimitDecision decision = limiter.tryConsume("closed", "k");
      assertThat(decision.degraded()).as("decided by Redis again").isFalse();
      assertThat(decision.refused()).isFalse();
    }
  }

  @Test
  void aRedisThatAnswersSlowerThanTheHealthTimeoutButWithinTheDecisionTimeoutStillDecides() throws Exception {
    Assumptions.assumeTrue(redis.pausable(), "needs a Redis this test can pause");
    RedisStoreConfig store =
        new RedisStoreConfig(redis.uri(), Duration.ofSeconds(2), "test:slow:" + System.nanoTime() + ":", Duration.ofSeconds(1), Duration.ofMillis(100), false, null, null);
    try (RateLimiter limiter = RateLimiter.compile(config(store, rule("closed", FailurePolicy.FAIL_CLOSED, "1000/1h")))) {
      awaitConnected(limiter, "closed");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        redis.pause();
        java.util.concurrent.Future<RateLimitDecision> decision = pool.submit(() -> limiter.tryConsume("closed", "k"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> limiter.storeProblem().isPresent());
        Thread.sleep(300);
        redis.resume();
        RateLimitDecision answered = decision.get(5, TimeUnit.SECONDS);
        assertThat(answered.degraded()).as("Redis answered within the decision timeout, so Redis decided").isFalse();
        assertThat(answered.refused()).isFalse();
        assertThat(limiter.storeBreakerOpen()).isFalse();
        assertThat(limiter.storeProblem()).as("an answer clears the problem").isEmpty();
      } finally {
        redis.resume();
        pool.shutdownNow();
      }
    }
  }

  @Test
  void redisBeingDownAtStartDoesNotStopTheApplication() throws Exception {
    RateLimitConfig config =
        new RateLimitConfig(
            true, RateLimitConfig.StoreType.REDIS, null,
            new RedisStoreConfig("redis://127.0.0.1:1", Duration.ofMillis(50), null, null, null, false, null, null),
            null, null, null, null, List.of(rule("r", FailurePolicy.LOCAL_FALLBACK, "2/1h")), null, null, null);
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      assertThat(limiter.tryConsume("r", "k").degraded()).isTrue();
      assertThat(limiter.tryConsume("r", "k").refused()).isFalse();
      assertThat(limiter.tryConsume("r", "k").refused()).isTrue();
    }
  }

  @Test
  void breakerStateIsVisible() throws Exception {
    RedisStore store = RedisStore.connect(new RedisStoreConfig(redis.uri(), Duration.ofMillis(200), "test:breaker:", null, null, false, null, null));
    try {
      await().atMost(Duration.ofSeconds(10)).until(store::isConnected);
      assertThat(store.breakerState()).isEqualTo("CLOSED");
      assertThat(store.ping()).isPositive();
    } finally {
      store.close();
    }
  }
}
