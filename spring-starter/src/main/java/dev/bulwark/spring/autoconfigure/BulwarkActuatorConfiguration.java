package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.servlet.BulwarkFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plugs Bulwark into Actuator when it is present: a timeout on every health indicator ({@code
 * bulwark.health.timeout}), a health contributor for the rate-limit store and an endpoint ({@code
 * bulwarkratelimit}, not exposed over HTTP unless you include it) that inspects and resets one
 * key's bucket. Bulwark adds nothing to the liveness group: liveness must not do I/O.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnBean(BulwarkFilter.class)
public final class BulwarkActuatorConfiguration {

  /**
   * The health contributor, named {@code bulwarkRateLimit} in Actuator's health, and the timeouts
   * of every indicator.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.registry.HealthContributorRegistry")
  static class HealthContributors {
    /** Static: a post-processor must exist before the beans it processes. */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkHealthTimeouts")
    static HealthTimeouts bulwarkHealthTimeouts(ObjectProvider<BulwarkConfig> config) {
      return new HealthTimeouts(config);
    }

    @Bean
    @ConditionalOnMissingBean(name = "bulwarkRateLimitHealthIndicator")
    RateLimitStoreHealthIndicator bulwarkRateLimitHealthIndicator(BulwarkFilter filter) {
      return new RateLimitStoreHealthIndicator(filter);
    }
  }

  /** The inspect-and-reset endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class Endpoints {
    @Bean
    @ConditionalOnMissingBean
    RateLimitEndpoint bulwarkRateLimitEndpoint(BulwarkFilter filter) {
      return new RateLimitEndpoint(filter);
    }
  }

  /**
   * UP while the store answers PING within {@code bulwark.rate-limit.redis.health-timeout} (with
   * the round trip), DOWN while it does not or its circuit breaker is open, UNKNOWN when rate
   * limiting is off. The PING's deadline is its own, not the decision timeout, so a hung Redis
   * shows here about one health timeout after it stopped answering.
   */
  public static final class RateLimitStoreHealthIndicator extends AbstractHealthIndicator {
    private final BulwarkFilter filter;

    RateLimitStoreHealthIndicator(BulwarkFilter filter) {
      super("Rate-limit store check failed");
      this.filter = filter;
    }

    @Override
    protected void doHealthCheck(org.springframework.boot.health.contributor.Health.Builder builder) {
      RateLimiter limiter = filter.rateLimiter();
      if (limiter == null) {
        builder.unknown().withDetail("rateLimiting", "off");
        return;
      }
      builder.withDetail("store", limiter.storeKind());
      // PINGs even while the breaker is open: an answer closes it (see RateLimiter.checkStore).
      long nanos = limiter.checkStore();
      builder.up().withDetail("pingMicros", TimeUnit.NANOSECONDS.toMicros(nanos));
    }
  }

  /** Inspects and resets one key's bucket: {@code GET|DELETE /actuator/bulwarkratelimit/{rule}/{key}}. */
  @Endpoint(id = "bulwarkratelimit")
  public static final class RateLimitEndpoint {
    private final BulwarkFilter filter;

    RateLimitEndpoint(BulwarkFilter filter) {
      this.filter = filter;
    }

    /** Lists the rules. */
    @ReadOperation
    public Map<String, Object> rules() {
      RateLimiter limiter = filter.rateLimiter();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("enabled", limiter != null);
      if (limiter != null) {
        body.put("store", limiter.storeKind());
        body.put("rules", limiter.rules().stream().map(rule -> rule.name()).toList());
      }
      return body;
    }

    /** Shows one key's state without consuming. */
    @ReadOperation
    public Map<String, Object> inspect(@Selector String rule, @Selector String key) {
      RateLimitDecision decision = limiter().inspect(rule, key);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("rule", decision.rule());
      body.put("state", decision.outcome().name().toLowerCase(java.util.Locale.ROOT));
      body.put("remaining", decision.remaining());
      body.put("retryAfterSeconds", decision.retryAfterSeconds());
      return body;
    }

    /** Forgets one key's bucket and penalty block. */
    @DeleteOperation
    public void reset(@Selector String rule, @Selector String key) {
      limiter().reset(rule, key);
    }

    private RateLimiter limiter() {
      RateLimiter limiter = filter.rateLimiter();
      if (limiter == null) {
        throw new IllegalStateException("rate limiting is off");
      }
      return limiter;
    }
  }
}
