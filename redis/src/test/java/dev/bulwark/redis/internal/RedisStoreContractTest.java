package dev.bulwark.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis store passes the store contract against a real Redis, on Redis's clock: short windows. */
class RedisStoreContractTest extends RedisClockStoreContract {

  private static EmbeddedRedis redis;
  private String prefix;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = EmbeddedRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected RateLimitStore newStore() {
    prefix = "test:contract:" + System.nanoTime() + ":";
    RedisStore store = RedisStore.connect(new RedisStoreConfig(redis.uri(), Duration.ofMillis(500), prefix, Duration.ofMillis(500), null, false, null, null));
    await().atMost(Duration.ofSeconds(10)).until(store::isConnected);
    return store;
  }

  @Override
  protected void outage() throws Exception {
    Assumptions.assumeTrue(redis.controllable(), "needs a Redis this test can stop");
    redis.stop();
  }

  @Override
  protected void recover() throws Exception {
    redis.restart();
  }

  @Test
  void aKeyExpiresWhenItsBucketWouldBeFullAgainAndAllTheKeysOfAClientShareAHashTag() throws Exception {
    BucketShape shape = new BucketShape("expiry", List.of(new Limit(4, Duration.ofSeconds(2)), new Limit(100, Duration.ofHours(1))));
    store.decide(List.of(Step.take(shape, "ip:192.0.2.1", 2)));
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      String key = prefix + "{ip:192.0.2.1}:expiry";
      // 2 of 100 an hour come back in 72 s; 2 of 4 in 2 s: the hour decides.
      assertThat(admin.sync().pttl(key)).isBetween(71_000L, 72_000L);
      store.decide(List.of(new Step(Step.Kind.GIVE_BACK, shape, "ip:192.0.2.1", 2, null, false, false)));
      assertThat(admin.sync().exists(key)).as("a full bucket is no key").isZero();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void limitsKeepToExactIntegersInTheScript() {
    assertThat(RedisStore.limits(new BucketShape("a", List.of(new Limit(3000, Duration.ofMinutes(1)))))).isEqualTo("3000,60000000,1");
    assertThat(RedisStore.limits(new BucketShape("b", List.of(new Limit(1_000_000_000, Duration.ofSeconds(1)))))).isEqualTo("1000000000,1000000,1");
    // 10^9 tokens a day: capacity x period in microseconds is past 2^52, so it counts in units of 0.1 s.
    assertThat(RedisStore.limits(new BucketShape("c", List.of(new Limit(1_000_000_000, Duration.ofDays(1)))))).isEqualTo("1000000000,864000,100000");
  }
}
