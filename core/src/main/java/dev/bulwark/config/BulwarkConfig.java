package dev.bulwark.config;

import dev.bulwark.authz.AuthzConfig;
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

/**
 * Every Bulwark setting, under the prefix {@code bulwark}. Spring applications write them in
 * {@code application.yml}; plain servlet applications in {@code bulwark.properties}, environment
 * variables or system properties (see {@link BulwarkConfigLoader}). A setting left out takes its
 * documented default; each record's constructor supplies it, so both stacks share one set.
 *
 * @param enabled the master switch; {@code false} turns every protection off; default {@code true}
 * @param mode {@code enforce} (the default) or {@code observe}: every protection that can refuse
 *     or block only reports what it would have done, and the adoption report lists it
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
    Mode mode,
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
    mode = mode == null ? Mode.ENFORCE : mode;
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
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(BulwarkConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link BulwarkConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private Mode mode;
    private ClientIpConfig clientIp;
    private HeadersConfig headers;
    private CorsConfig cors;
    private CrossSiteConfig crossSite;
    private HostConfig host;
    private RateLimitConfig rateLimit;
    private RequestIdConfig requestId;
    private HealthConfig health;
    private RequestLimitsConfig limits;
    private MetricsConfig metrics;
    private ReadinessConfig readiness;
    private List<PathOverride> paths;
    private AuthzConfig authz;

    private Builder() {}

    private Builder(BulwarkConfig base) {
      enabled = base.enabled();
      mode = base.mode();
      clientIp = base.clientIp();
      headers = base.headers();
      cors = base.cors();
      crossSite = base.crossSite();
      host = base.host();
      rateLimit = base.rateLimit();
      requestId = base.requestId();
      health = base.health();
      limits = base.limits();
      metrics = base.metrics();
      readiness = base.readiness();
      paths = base.paths();
      authz = base.authz();
    }

    /** The master switch; {@code false} turns every protection off; default {@code true}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * {@code ENFORCE} (the default), or {@code OBSERVE} to report what every protection would
     * refuse without refusing it.
     */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /** Trusted proxies and how the client address is found; default {@link ClientIpConfig#defaults()}. */
    public Builder clientIp(ClientIpConfig clientIp) {
      this.clientIp = clientIp;
      return this;
    }

    /** Security response headers; default {@link HeadersConfig#defaults()}. */
    public Builder headers(HeadersConfig headers) {
      this.headers = headers;
      return this;
    }

    /** Cross-origin resource sharing; default {@link CorsConfig#defaults()}. */
    public Builder cors(CorsConfig cors) {
      this.cors = cors;
      return this;
    }

    /** Cross-site request protection; default {@link CrossSiteConfig#defaults()}. */
    public Builder crossSite(CrossSiteConfig crossSite) {
      this.crossSite = crossSite;
      return this;
    }

    /** Host allow-list and HTTPS redirect; default {@link HostConfig#defaults()}. */
    public Builder host(HostConfig host) {
      this.host = host;
      return this;
    }

    /** Rate limiting; default {@link RateLimitConfig#defaults()}. */
    public Builder rateLimit(RateLimitConfig rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /** Request ids; default {@link RequestIdConfig#defaults()}. */
    public Builder requestId(RequestIdConfig requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Health endpoints of plain servlet applications; default {@link HealthConfig#defaults()}. */
    public Builder health(HealthConfig health) {
      this.health = health;
      return this;
    }

    /** Request limits checked before parsing; default {@link RequestLimitsConfig#defaults()}. */
    public Builder limits(RequestLimitsConfig limits) {
      this.limits = limits;
      return this;
    }

    /**
     * Request metrics and the Prometheus endpoint of plain servlet applications; default {@link
     * MetricsConfig#defaults()}.
     */
    public Builder metrics(MetricsConfig metrics) {
      this.metrics = metrics;
      return this;
    }

    /** The production-readiness report; default {@link ReadinessConfig#defaults()}. */
    public Builder readiness(ReadinessConfig readiness) {
      this.readiness = readiness;
      return this;
    }

    /** Per-path overrides, first match wins; default none. */
    public Builder paths(PathOverride... paths) {
      this.paths = List.of(paths);
      return this;
    }

    /**
     * Authorisation: path rules, subject roles and the endpoint inventory; default {@link
     * AuthzConfig#defaults()}.
     */
    public Builder authz(AuthzConfig authz) {
      this.authz = authz;
      return this;
    }

    /**
     * Returns the BulwarkConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public BulwarkConfig build() {
      return new BulwarkConfig(
          enabled, mode, clientIp, headers, cors, crossSite, host, rateLimit, requestId, health, limits, metrics, readiness, paths, authz);
    }
  }
}
