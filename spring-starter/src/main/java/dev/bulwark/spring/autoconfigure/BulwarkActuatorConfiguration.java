package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.ratelimit.RateLimitInspection;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.problem.Problem;
import dev.bulwark.requestid.RequestIds;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.spring.web.RateLimitedInterceptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;

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
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint")
  static class Endpoints {
    @Bean
    @ConditionalOnMissingBean
    RateLimitEndpoint bulwarkRateLimitEndpoint(BulwarkFilter filter, ApplicationContext context) {
      // @RateLimited needs Spring MVC, which Actuator over Jersey does without.
      Supplier<RateLimiter> annotated =
          ClassUtils.isPresent("org.springframework.web.servlet.HandlerInterceptor", context.getClassLoader())
              ? AnnotatedRules.limiter(context)
              : () -> null;
      return new RateLimitEndpoint(filter, annotated);
    }
  }

  /** Reaches the {@code @RateLimited} rules' limiter; loaded only where Spring MVC is. */
  private static final class AnnotatedRules {
    static Supplier<RateLimiter> limiter(ApplicationContext context) {
      ObjectProvider<RateLimitedInterceptor> interceptor = context.getBeanProvider(RateLimitedInterceptor.class);
      return () -> {
        RateLimitedInterceptor found = interceptor.getIfAvailable();
        return found == null ? null : found.limiter();
      };
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

  /**
   * Inspects and resets one key's bucket: {@code GET|DELETE /actuator/bulwarkratelimit/{rule}/{key}},
   * for the {@code bulwark.rate-limit} rules and the {@code @RateLimited} ones alike. A rule of no
   * such name is a 404 problem document that does not repeat the name; a key may hold slashes
   * (an IPv6 network's {@code ip:2001:db8::/64}). A key never seen reads as a full bucket, which
   * is what its next request would find.
   */
  @WebEndpoint(id = "bulwarkratelimit")
  public static final class RateLimitEndpoint {
    private static final MimeType PROBLEM = MimeType.valueOf(Problem.MEDIA_TYPE);

    private final BulwarkFilter filter;
    private final Supplier<RateLimiter> annotated;

    RateLimitEndpoint(BulwarkFilter filter, Supplier<RateLimiter> annotated) {
      this.filter = filter;
      this.annotated = annotated;
    }

    /** Lists the rules: the configured ones, then the {@code @RateLimited} ones. */
    @ReadOperation
    public Map<String, Object> rules() {
      return RateLimitInspection.rules(filter.rateLimiter(), handlerLimiter());
    }

    /** Shows one key's state without consuming. */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> inspect(
        @Selector String rule, @Selector(match = Selector.Match.ALL_REMAINING) String[] key) {
      RateLimiter limiter = limiterFor(rule);
      if (limiter == null) {
        return unknownRule();
      }
      return new WebEndpointResponse<>(RateLimitInspection.state(limiter.inspect(rule, String.join("/", key))));
    }

    /** Forgets one key's bucket and penalty block. */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> reset(
        @Selector String rule, @Selector(match = Selector.Match.ALL_REMAINING) String[] key) {
      RateLimiter limiter = limiterFor(rule);
      if (limiter == null) {
        return unknownRule();
      }
      limiter.reset(rule, String.join("/", key));
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
    }

    /** The limiter that holds a rule of this name, or {@code null}; names are unique across both. */
    private RateLimiter limiterFor(String rule) {
      RateLimiter limiter = filter.rateLimiter();
      if (limiter != null && limiter.stats().rules().contains(rule)) {
        return limiter;
      }
      RateLimiter handlers = handlerLimiter();
      return handlers != null && handlers.stats().rules().contains(rule) ? handlers : null;
    }

    private RateLimiter handlerLimiter() {
      return annotated.get();
    }

    private static WebEndpointResponse<Map<String, Object>> unknownRule() {
      Problem problem = RateLimitInspection.unknownRule();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", problem.type());
      body.put("title", problem.title());
      body.put("status", problem.status());
      body.put("detail", problem.detail());
      String requestId = RequestIds.current();
      if (requestId != null) {
        body.put("requestId", requestId);
      }
      return new WebEndpointResponse<>(body, problem.status(), PROBLEM);
    }
  }
}
