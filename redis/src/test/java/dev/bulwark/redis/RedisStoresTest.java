package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.ratelimit.spi.StoreUnavailableException;
import dev.bulwark.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis store over the application's own Lettuce client, against a real Redis. */
class RedisStoresTest {

  private static EmbeddedRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = EmbeddedRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Test
  void theApplicationsClientDecidesAndOutlivesTheLimiter() {
    RedisClient application = RedisClient.create();
    try {
      String prefix = "test:app-client:" + System.nanoTime() + ":";
      RedisStoreConfig redisConfig = RedisStoreConfig.builder().uri(redis.uri()).keyPrefix(prefix).timeout(Duration.ofSeconds(1)).build();
      RateLimitConfig config =
          RateLimitConfig.builder()
              .enabled(true)
              .rules(RateLimitRule.builder("app").limits("3/1h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
              .build();
      try (RateLimiter limiter = RateLimiter.compile(config, RedisStores.using(application, redisConfig))) {
        assertThat(limiter.storeKind()).isEqualTo("redis");
        await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("app", "k").degraded());
        assertThat(limiter.tryConsume("app", "k").refused()).isFalse();
        assertThat(limiter.tryConsume("app", "k").refused()).isFalse();
        RateLimitDecision fourth = limiter.tryConsume("app", "k");
        assertThat(fourth.degraded()).isFalse();
        assertThat(fourth.refused()).isTrue();
      }
      // Closing the limiter closed the store's connection only: the application's client still works,
      // and sees the bucket the store kept in Redis.
      try (StatefulRedisConnection<String, String> connection = application.connect(RedisURI.create(redis.uri()))) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
        assertThat(connection.sync().exists(prefix + "{k}:app")).isEqualTo(1L);
      }
    } finally {
      application.shutdown();
    }
  }

  @Test
  void withoutAHostThatHandsTheClientOverApplicationIsRefusedAtStartUp() {
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            .redis(RedisStoreConfig.builder().uri(redis.uri()).connection(RedisStoreConfig.Connection.APPLICATION).build())
            .rules(RateLimitRule.builder("app").limits("3/1h").build())
            .build();
    assertThatThrownBy(() -> RateLimiter.compile(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bulwark.rate-limit.redis.connection: application needs the application's Lettuce client");
  }

  @Test
  void whileItsConnectionIsDownTheStoreRefusesAtOnceThoughTheApplicationsClientWouldQueue() throws Exception {
    Assumptions.assumeTrue(redis.controllable(), "needs a Redis this test can stop");
    BucketShape shape = new BucketShape("down", List.of(new Limit(100, Duration.ofHours(1))));
    // Lettuce's default options: commands wait in the client while it reconnects.
    RedisClient application = RedisClient.create();
    RedisStoreConfig config = RedisStoreConfig.builder().uri(redis.uri()).keyPrefix("test:app-down:" + System.nanoTime() + ":").timeout(Duration.ofSeconds(2)).build();
    try (RateLimitStore store = RedisStores.using(application, config)) {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> store.decide(List.of(Step.take(shape, "k", 1))).get(0).allowed());
      redis.stop();
      try {
        // Not the queued command's "waited ... before it was written": the store did not send it.
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> assertThatThrownBy(() -> store.decide(List.of(Step.take(shape, "k", 1))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageMatching("Redis is not connected|Redis circuit breaker is open"));
      } finally {
        redis.restart();
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> store.decide(List.of(Step.take(shape, "k", 1))).get(0).allowed());
    } finally {
      application.shutdown();
    }
  }

  /** Whether the store's health check answers now. */
  private static boolean healthy(RateLimitStore store) {
    try {
      store.check();
      return true;
    } catch (StoreUnavailableException notYet) {
      return false;
    }
  }

  @Test
  void aClientShutDownAndReplacedIsFollowedWithNothingButHealthChecks() throws Exception {
    AtomicReference<RedisClient> current = new AtomicReference<>(RedisClient.create(RedisURI.create(redis.uri())));
    RedisStoreConfig config =
        RedisStoreConfig.builder().uri("redis://127.0.0.1:1").keyPrefix("test:current-client:" + System.nanoTime() + ":").build();
    try (RateLimitStore store = RedisStores.usingCurrentClient(current::get, false, config)) {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> healthy(store));
      // What a stopped and restarted Spring Data Redis factory does: its client is shut down, with
      // the store's connection, and a new one takes its place. Where the store is part of
      // readiness, health checks may be all that still calls it.
      RedisClient old = current.getAndSet(RedisClient.create(RedisURI.create(redis.uri())));
      old.shutdown();
      assertThat(healthy(store)).as("the old connection is gone").isFalse();
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> healthy(store));
    } finally {
      current.get().shutdown();
    }
  }

  @Test
  void aBurstWhileThereIsNoConnectionTriesToConnectAFewTimesNotOncePerRequest() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    RedisStoreConfig redisConfig = RedisStoreConfig.builder().uri(redis.uri()).keyPrefix("test:burst-unconnected:").build();
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .rules(RateLimitRule.builder("app").limits("3/1h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
            .build();
    // A client that is never there (a connection factory not started): every attempt fails at once.
    Supplier<RedisClient> absent =
        () -> {
          attempts.incrementAndGet();
          return null;
        };
    try (RateLimiter limiter = RateLimiter.compile(config, RedisStores.usingCurrentClient(absent, false, redisConfig))) {
      long start = System.nanoTime();
      for (int i = 0; i < 2000; i++) {
        assertThat(limiter.tryConsume("app", "client-" + (i % 50)).refused()).as("fail-closed while unconnected").isTrue();
      }
      Thread.sleep(300);
      for (int i = 0; i < 2000; i++) {
        limiter.tryConsume("app", "client-" + (i % 50));
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      // One attempt at start, then after 250 ms, 500 ms, 1 s, 2 s, 4 s, then every 5 s.
      assertThat(attempts.get()).as("attempts over %d ms for 4,000 requests", elapsedMillis).isBetween(2, 3 + (int) (elapsedMillis / 250));
    }
  }
}
