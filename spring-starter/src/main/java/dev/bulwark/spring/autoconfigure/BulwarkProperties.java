package dev.bulwark.spring.autoconfigure;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.core.Mode;
import dev.bulwark.cors.CorsConfig;
import dev.bulwark.crosssite.CrossSiteConfig;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.health.HealthConfig;
import dev.bulwark.host.HostConfig;
import dev.bulwark.limits.RequestLimitsConfig;
import dev.bulwark.metrics.MetricsConfig;
import dev.bulwark.net.ClientIpConfig;
import dev.bulwark.path.PathOverride;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.readiness.ReadinessConfig;
import dev.bulwark.requestid.RequestIdConfig;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Bulwark's settings under {@code bulwark.*}, bound by Spring Boot straight onto the core
 * configuration records, so {@code application.yml} and {@code bulwark.properties} accept the same
 * names and share one set of defaults. Unknown {@code bulwark.*} keys stop start-up.
 *
 * @param enabled whether any protection is active; default {@code true}
 * @param mode {@code enforce} (default) or {@code observe}: report what would be refused, refuse nothing
 * @param clientIp trusted proxies and how the client address is found
 * @param headers security response headers
 * @param cors cross-origin resource sharing
 * @param crossSite cross-site request protection
 * @param host Host allow-list and HTTPS redirect
 * @param rateLimit rate limiting
 * @param requestId request ids
 * @param health health endpoints of plain servlet applications (Spring uses Actuator's)
 * @param limits request limits checked before parsing
 * @param metrics request metrics of plain servlet applications (Spring uses Actuator's)
 * @param readiness the production-readiness report
 * @param paths per-path overrides, first match wins
 * @param authz authorisation: path rules, subject roles and the endpoint inventory
 * @param defaults what Bulwark changes in the application beyond its own filter, each stated at
 *     start-up and each with a switch
 */
@ConfigurationProperties(prefix = "bulwark", ignoreUnknownFields = false)
public record BulwarkProperties(
    Boolean enabled,
    Mode mode,
    @NestedConfigurationProperty ClientIpConfig clientIp,
    @NestedConfigurationProperty HeadersConfig headers,
    @NestedConfigurationProperty CorsConfig cors,
    @NestedConfigurationProperty CrossSiteConfig crossSite,
    @NestedConfigurationProperty HostConfig host,
    @NestedConfigurationProperty RateLimitConfig rateLimit,
    @NestedConfigurationProperty RequestIdConfig requestId,
    @NestedConfigurationProperty HealthConfig health,
    @NestedConfigurationProperty RequestLimitsConfig limits,
    @NestedConfigurationProperty MetricsConfig metrics,
    @NestedConfigurationProperty ReadinessConfig readiness,
    List<PathOverride> paths,
    @NestedConfigurationProperty AuthzConfig authz,
    Defaults defaults) {

  /** Binds every default to {@code true} when {@code bulwark.defaults} is left out. */
  public BulwarkProperties {
    defaults = defaults == null ? new Defaults(null, null, null, null, null) : defaults;
  }

  /** Returns the core configuration, with defaults for everything left out. */
  public BulwarkConfig toConfig() {
    return new BulwarkConfig(enabled, mode, clientIp, headers, cors, crossSite, host, rateLimit, requestId, health, limits, metrics, readiness, paths, authz);
  }

  /**
   * What Bulwark changes in the application outside its own filter ({@code bulwark.defaults.*}).
   * Each change is logged at INFO when start-up makes it; a value the application sets itself
   * always wins over the one Bulwark would set.
   *
   * @param healthProbes whether to turn on Actuator's liveness and readiness health groups
   *     ({@code management.endpoint.health.probes.enabled}) unless the application sets it; default
   *     {@code true}
   * @param requestPercentiles whether to publish a percentile histogram and p50, p95 and p99 for
   *     {@code http.server.requests} unless the application sets them; default {@code true}
   * @param validationExpressionLanguageOff whether to turn Expression Language off in every message
   *     Hibernate Validator interpolates; default {@code true}
   * @param jsonParserLimits whether to build Spring Boot's JSON mapper on a parser with the {@code
   *     bulwark.limits.json.*} limits; default {@code true}
   * @param tomcatErrorReport whether to replace the embedded Tomcat's error report valve with
   *     Bulwark's; default {@code true}
   */
  public record Defaults(
      Boolean healthProbes,
      Boolean requestPercentiles,
      Boolean validationExpressionLanguageOff,
      Boolean jsonParserLimits,
      Boolean tomcatErrorReport) {

    /** Fills every setting left out with {@code true}. */
    public Defaults {
      healthProbes = healthProbes == null || healthProbes;
      requestPercentiles = requestPercentiles == null || requestPercentiles;
      validationExpressionLanguageOff = validationExpressionLanguageOff == null || validationExpressionLanguageOff;
      jsonParserLimits = jsonParserLimits == null || jsonParserLimits;
      tomcatErrorReport = tomcatErrorReport == null || tomcatErrorReport;
    }
  }
}
