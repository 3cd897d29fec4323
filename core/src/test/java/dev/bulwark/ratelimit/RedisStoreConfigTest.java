package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.readiness.Readiness;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.readiness.ReadinessReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redis URLs: which forms are accepted, and that a password never shows where the URI is shown. */
class RedisStoreConfigTest {

  @Test
  void passwordsAreRedactedAndUserNamesKept() {
    assertThat(RedisStoreConfig.redact("redis://alice:s3cret@cache:6379/0")).isEqualTo("redis://alice:****@cache:6379/0");
    assertThat(RedisStoreConfig.redact("rediss://:s3cret@cache:6380")).isEqualTo("rediss://:****@cache:6380");
    // Lettuce reads user info without a colon as a password alone.
    assertThat(RedisStoreConfig.redact("redis://s3cret@cache")).isEqualTo("redis://****@cache");
    assertThat(RedisStoreConfig.redact("redis-sentinel://alice:s3cret@s1:26379,s2:26379/0#mymaster"))
        .isEqualTo("redis-sentinel://alice:****@s1:26379,s2:26379/0#mymaster");
    assertThat(RedisStoreConfig.redact("redis://a:one@n1:7000,redis://b:two@n2:7001,n3:7002"))
        .isEqualTo("redis://a:****@n1:7000,redis://b:****@n2:7001,n3:7002");
    assertThat(RedisStoreConfig.redact("redis://cache:6379")).isEqualTo("redis://cache:6379");
  }

  @Test
  void theConfigurationNeverPrintsAPassword() {
    RedisStoreConfig config = RedisStoreConfig.builder().uri("rediss://alice:s3cret@cache:6380").build();
    assertThat(config.toString()).contains("rediss://alice:****@cache:6380").doesNotContain("s3cret");
    RateLimitConfig rateLimit =
        RateLimitConfig.builder().enabled(true).store(RateLimitConfig.StoreType.REDIS).redis(config).build();
    assertThat(rateLimit.toString()).doesNotContain("s3cret");
  }

  @Test
  void theReadinessReportNamesTheRedisServerWithoutItsPassword() {
    BulwarkConfig config =
        BulwarkConfig.builder()
            .rateLimit(
                RateLimitConfig.builder()
                    .enabled(true)
                    .store(RateLimitConfig.StoreType.REDIS)
                    .redis(RedisStoreConfig.builder().uri("redis://a:p4ss-one@n1:7000,n2:7001").cluster(true).build())
                    .build())
            .build();
    ReadinessReport report = Readiness.evaluate(new ReadinessContext(config, List.of(), name -> null), List.of());
    assertThat(report.toLogBlock() + report.toMap()).contains("redis://a:****@n1:7000,n2:7001 (cluster)").doesNotContain("p4ss-one");
  }

  @Test
  void sentinelAndClusterFormsAreAcceptedAndOthersRefused() {
    assertThat(RedisStoreConfig.builder().uri("redis-sentinel://s1:26379,s2:26379/0#mymaster").build().cluster()).isFalse();
    assertThat(RedisStoreConfig.builder().uri("rediss-sentinel://s1:26379#mymaster").build().uri()).startsWith("rediss-sentinel://");
    assertThat(RedisStoreConfig.builder().uri("redis://n1:7000,n2:7001").cluster(true).build().cluster()).isTrue();
    assertThatThrownBy(() -> RedisStoreConfig.builder().uri("redis-sentinel://s1:26379#mymaster").cluster(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster");
    assertThatThrownBy(() -> RedisStoreConfig.builder().uri("http://cache:6379").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis-sentinel://");
  }
}
