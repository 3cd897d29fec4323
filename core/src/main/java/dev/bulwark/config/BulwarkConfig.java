package dev.bulwark.config;

import dev.bulwark.authz.AuthzConfig;
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

/**
 * Every Bulwark setting, under the prefix {@code bulwark}. Spring applications write them in
 * {@code application.yml}; plain servlet applications in {@code bulwark.properties}, environment
 * variables or system properties (see {@link BulwarkConfigLoader}). A setting left out takes its
 * documented default; each record's constructor supplies it, so both stacks share one set.
 *
 * @param enabled the master switch; {@code false} turns every protection off; default {@code true}
 * @param clientIp trusted proxies and how the client address is found
 * @param headers security response headers
 * @param cors cross-origin resource sharing
 * @param crossSite cross-site request protection
 * @param host Host allow-list and HTTPS redirect
 * @param rateLimit rate limiting
 * @param requestId request ids
 * @param health health endpoints of plain servlet applications
 * @param limits request limits checked before parsing
 * @param metrics request metrics and the Prometheus endpoint of plain servlet applications
 * @param readiness the production-readiness report
 * @param paths per-path overrides, first match wins
 * @param authz authorisation: path rules, subject roles and the endpoint inventory
 */
public record BulwarkConfig(
    Boolean enabled,
    ClientIpConfig clientIp,
    HeadersConfig headers,
    CorsConfig cors,
    CrossSiteConfig crossSite,
    HostConfig host,
    RateLimitConfig rateLimit,
    RequestIdConfig requestId,
    HealthConfig health,
    RequestLimitsConfig limits,
    MetricsConfig metrics,
    ReadinessConfig readiness,
    List<PathOverride> paths,
    AuthzConfig authz) {

  /** The property prefix. */
  public static final String PREFIX = "bulwark";

  /** Applies defaults. */
  public BulwarkConfig {
    enabled = enabled == null || enabled;
    clientIp = clientIp == null ? ClientIpConfig.defaults() : clientIp;
    headers = headers == null ? HeadersConfig.defaults() : headers;
    cors = cors == null ? CorsConfig.defaults() : cors;
    crossSite = crossSite == null ? CrossSiteConfig.defaults() : crossSite;
    host = host == null ? HostConfig.defaults() : host;
    rateLimit = rateLimit == null ? RateLimitConfig.defaults() : rateLimit;
    requestId = requestId == null ? RequestIdConfig.defaults() : requestId;
    health = health == null ? HealthConfig.defaults() : health;
    limits = limits == null ? RequestLimitsConfig.defaults() : limits;
    metrics = metrics == null ? MetricsConfig.defaults() : metrics;
    readiness = readiness == null ? ReadinessConfig.defaults() : readiness;
    paths = paths == null ? List.of() : List.copyOf(paths);
    authz = authz == null ? AuthzConfig.defaults() : authz;
  }

  /** Every setting at its default. */
  public static BulwarkConfig defaults() {
    return new BulwarkConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
