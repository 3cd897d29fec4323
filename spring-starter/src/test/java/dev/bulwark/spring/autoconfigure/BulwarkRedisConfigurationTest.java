package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code bulwark.rate-limit.redis.connection=application}: the Redis store connects through the
 * application's own Lettuce client bean, against a real Redis, and leaves it running.
 */
class BulwarkRedisConfigurationTest {

  private static EmbeddedRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = EmbeddedRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  private WebApplicationContextRunner runner(String prefix) {
    return new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BulwarkRedisConfiguration.class, BulwarkAutoConfiguration.class))
        .withPropertyValues(
            "bulwark.rate-limit.enabled=true",
            "bulwark.rate-limit.store=redis",
            "bulwark.rate-limit.redis.uri=" + redis.uri(),
            "bulwark.rate-limit.redis.key-prefix=" + prefix,
            "bulwark.rate-limit.rules[0].name=api",
            "bulwark.rate-limit.rules[0].limits=3/1h",
            "bulwark.rate-limit.rules[0].on-store-failure=fail-closed",
            "bulwark.readiness.fail-on=none");
  }

  /** Once connected, Redis decides: the rule "api" (3/1h) admits three for the key and refuses the fourth. */
  private static void assertRedisHoldsTheQuotaOfThree(RateLimiter limiter, String key) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("api", key).degraded());
    assertThat(limiter.tryConsume("api", key).refused()).isFalse();
    assertThat(limiter.tryConsume("api", key).refused()).isFalse();
    RateLimitDecision fourth = limiter.tryConsume("api", key);
    assertThat(fourth.degraded()).isFalse();
    assertThat(fourth.refused()).isTrue();
  }

  @Test
  void theApplicationsRedisClientCarriesTheDecisionsAndOutlivesTheContext() {
    RedisClient application = RedisClient.create();
    String prefix = "test:spring-app-client:" + System.nanoTime() + ":";
    try {
      runner(prefix)
          .withPropertyValues("bulwark.rate-limit.redis.connection=application")
          .withBean(RedisClient.class, () -> application, definition -> definition.setDestroyMethodName(""))
          .run(
              context -> {
                assertThat(context).hasNotFailed().hasSingleBean(RateLimitStore.class);
                RateLimiter limiter = context.getBean(Assembly.class).rateLimits().limiter();
                assertThat(limiter.storeKind()).isEqualTo("redis");
                assertRedisHoldsTheQuotaOfThree(limiter, "k");
              });
      // The context is closed: the application's client still works and sees what the store wrote.
      try (StatefulRedisConnection<String, String> connection = application.connect(RedisURI.create(redis.uri()))) {
        assertThat(connection.sync().exists(prefix + "{k}:api")).isEqualTo(1L);
      }
    } finally {
      application.shutdown();
    }
  }

  @Test
  void withoutAClientBeanStartUpNamesTheProperty() {
    runner("test:spring-no-client:")
        .withPropertyValues("bulwark.rate-limit.redis.connection=application")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("bulwark.rate-limit.redis.connection")
                    .hasMessageContaining("RedisClient"));
  }

  @Test
  void byDefaultBulwarkOpensItsOwnClientAndIgnoresTheApplications() {
    RedisClient application = RedisClient.create();
    try {
      runner("test:spring-own:" + System.nanoTime() + ":")
          .withBean(RedisClient.class, () -> application, definition -> definition.setDestroyMethodName(""))
          .run(
              context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitStore.class);
                RateLimiter limiter = context.getBean(Assembly.class).rateLimits().limiter();
                await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("api", "k").degraded());
              });
    } finally {
      application.shutdown();
    }
  }

  @Test
  void withoutAClientBeanTheSpringDataRedisConnectionFactorysClientCarriesTheDecisions() {
    String prefix = "test:spring-data:" + System.nanoTime() + ":";
    runner(prefix)
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(
            "bulwark.rate-limit.redis.connection=application",
            // Nothing listens at Bulwark's own URI: the decisions go where Spring Data Redis goes,
            // to its database 3.
            "bulwark.rate-limit.redis.uri=redis://127.0.0.1:1",
            "spring.data.redis.url=" + redis.uri(),
            "spring.data.redis.database=3")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(RateLimitStore.class);
              assertThat(context.getBeanFactory().getDependentBeans("redisConnectionFactory"))
                  .as("the store bean is destroyed before the factory bean")
                  .contains("bulwarkApplicationRedisStore");
              assertRedisHoldsTheQuotaOfThree(context.getBean(Assembly.class).rateLimits().limiter(), "k");
              StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
              assertThat(template.hasKey(prefix + "{k}:api")).as("written through the application's factory, in its database").isTrue();
            });
  }

  @Test
  void aConnectionFactoryStoppedAndStartedAgainIsFollowedToItsNewClient() {
    runner("test:spring-data-restart:" + System.nanoTime() + ":")
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues("bulwark.rate-limit.redis.connection=application", "bulwark.rate-limit.redis.uri=redis://127.0.0.1:1", "spring.data.redis.url=" + redis.uri())
        .run(
            context -> {
              RateLimiter limiter = context.getBean(Assembly.class).rateLimits().limiter();
              assertRedisHoldsTheQuotaOfThree(limiter, "before");
              // What a context stop/start or a checkpoint/restore does: the factory shuts its client
              // down, with the store's connection, and creates a new one.
              LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
              factory.stop();
              assertThat(limiter.tryConsume("api", "stopped").degraded()).as("no client, no Redis").isTrue();
              factory.start();
              assertRedisHoldsTheQuotaOfThree(limiter, "after");
            });
  }

  @Test
  void twoClientBeansAreRefusedRatherThanOneChosen() {
    RedisClient first = RedisClient.create();
    RedisClient second = RedisClient.create();
    try {
      runner("test:spring-two-clients:")
          .withPropertyValues("bulwark.rate-limit.redis.connection=application")
          .withBean("first", RedisClient.class, () -> first, definition -> definition.setDestroyMethodName(""))
          .withBean("second", RedisClient.class, () -> second, definition -> definition.setDestroyMethodName(""))
          .run(
              context ->
                  assertThat(context)
                      .hasFailed()
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("bulwark.rate-limit.redis.connection")
                      .hasMessageContaining("2 Lettuce client beans"));
    } finally {
      first.shutdown();
      second.shutdown();
    }
  }
}
