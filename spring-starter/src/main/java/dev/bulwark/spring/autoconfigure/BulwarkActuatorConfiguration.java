package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.spring.actuate.AdoptionEndpoint;
import dev.bulwark.spring.actuate.HealthTimeouts;
import dev.bulwark.spring.actuate.RateLimitEndpoint;
import dev.bulwark.spring.actuate.RateLimitStoreHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plugs Bulwark into Actuator when it is present: a timeout on every health indicator ({@code
 * bulwark.health.timeout}), a health contributor for the rate-limit store and a web endpoint
 * ({@code bulwarkratelimit}, not exposed unless you include it) that inspects and resets one key's
 * bucket. Bulwark adds nothing to the liveness group: liveness must not do I/O.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnBean(BulwarkFilter.class)
public final class BulwarkActuatorConfiguration {

  /**
   * The health contributor, named {@code bulwarkRateLimit} in Actuator's health, and the timeouts
   * of every indicator.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.health.registry.HealthContributorRegistry",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
      })
  static class HealthContributors {
    /** Static: a post-processor must exist before the beans it processes. */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkHealthTimeouts")
    static HealthTimeouts bulwarkHealthTimeouts(ObjectProvider<BulwarkConfig> config) {
      return new HealthTimeouts(config);
    }

    /** Off with {@code management.health.bulwarkratelimit.enabled=false}, or all defaults off. */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkRateLimitHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("bulwarkratelimit")
    RateLimitStoreHealthIndicator bulwarkRateLimitHealthIndicator(BulwarkFilter filter) {
      return new RateLimitStoreHealthIndicator(filter.assembly().rateLimits());
    }
  }

  /**
   * The inspect-and-reset endpoint and the adoption report, each created only when it is available
   * (enabled, and exposed over HTTP or JMX).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
      })
  static class Endpoints {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(RateLimitEndpoint.class)
    RateLimitEndpoint bulwarkRateLimitEndpoint(BulwarkFilter filter) {
      return new RateLimitEndpoint(filter.assembly().rateLimits());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(AdoptionEndpoint.class)
    AdoptionEndpoint bulwarkAdoptionEndpoint(BulwarkFilter filter) {
      return new AdoptionEndpoint(filter.assembly().adoption());
    }
  }
}
