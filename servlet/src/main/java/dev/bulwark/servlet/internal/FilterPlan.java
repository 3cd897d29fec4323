package dev.bulwark.servlet.internal;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.cors.CorsPolicy;
import dev.bulwark.crosssite.CrossSiteProtection;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.host.HostPolicy;
import dev.bulwark.net.ClientIpResolver;
import dev.bulwark.path.PathOverride;
import dev.bulwark.path.PathPattern;
import dev.bulwark.requestid.RequestIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the filter needs, compiled once from the configuration: a bad setting fails here, at
 * start-up, with the property's name.
 */
public final class FilterPlan {

  /** The protections that can differ by path, each compiled once at start-up. */
  public record PathPolicies(HeaderPolicy headers, boolean cors, boolean crossSite, RequestLimits limits) {}

  private record Override(PathPattern[] patterns, PathPolicies policies) {}

  private final boolean enabled;
  private final ClientIpResolver clientIp;
  private final HostPolicy host;
  private final CorsPolicy cors;
  private final CrossSiteProtection crossSite;
  private final PathPolicies root;
  private final Override[] overrides;
  private final String reportPath;
  private final SecurityEvents events;
  private final RateLimiting rateLimiting;
  private final RequestIds requestIds;
  private final String requestIdHeader;
  private final String mdcKey;

  private FilterPlan(BulwarkConfig config, SecurityEvents events) {
    this.enabled = config.enabled();
    this.events = events;
    this.clientIp = ClientIpResolver.compile(config.clientIp());
    this.host = HostPolicy.compile(config.host());
    this.cors = CorsPolicy.compile(config.cors());
    this.crossSite = CrossSiteProtection.compile(config.crossSite(), cors.origins());
    HeadersConfig headers = config.headers();
    RequestLimits limits = new RequestLimits(config.limits());
    this.root =
        new PathPolicies(
            HeaderPolicy.compile(headers, "bulwark.headers"),
            config.cors().enabled(),
            config.crossSite().enabled(),
            limits);
    List<Override> compiled = new ArrayList<>();
    for (int i = 0; i < config.paths().size(); i++) {
      PathOverride override = config.paths().get(i);
      String prefix = "bulwark.paths[" + i + "]";
      PathPattern[] patterns = override.patterns().stream().map(PathPattern::of).toArray(PathPattern[]::new);
      HeadersConfig pathHeaders = withOverride(headers, override);
      HeaderPolicy policy = HeaderPolicy.compile(pathHeaders, prefix);
      compiled.add(
          new Override(
              patterns,
              new PathPolicies(
                  policy,
                  override.cors() == null ? root.cors() : override.cors(),
                  override.crossSite() == null ? root.crossSite() : override.crossSite(),
                  override.maxBodyBytes() == null ? limits : limits.withMaxBody(override.maxBodyBytes()))));
    }
    this.overrides = compiled.toArray(Override[]::new);
    CspConfig csp = headers.csp();
    this.reportPath = headers.enabled() && csp.enabled() ? csp.reportPath() : "";
    this.requestIds = config.requestId().enabled() ? RequestIds.compile(config.requestId()) : null;
    this.requestIdHeader = config.requestId().header();
    this.mdcKey = config.requestId().mdcKey();
    this.rateLimiting =
        config.enabled() ? RateLimiting.create(config.rateLimit(), config.clientIp().ipv6Prefix(), events) : null;
  }

  private static HeadersConfig withOverride(HeadersConfig base, PathOverride override) {
    HeadersConfig.Builder headers = HeadersConfig.from(base);
    if (override.headers() != null) {
      headers.enabled(override.headers());
    }
    if (override.csp() != null) {
      headers.csp(CspConfig.from(base.csp()).htmlPolicy(override.csp()).build());
    }
    if (override.frameOptions() != null) {
      headers.frameOptions(override.frameOptions());
    }
    if (override.cacheControl() != null) {
      headers.cacheControl(override.cacheControl());
    }
    return headers.build();
  }

  /** Compiles a configuration. */
  public static FilterPlan compile(BulwarkConfig config, SecurityEvents events) {
    return new FilterPlan(config, events);
  }

  /** Returns the policies for a path: the first matching override, or the global ones. */
  public PathPolicies policiesFor(String path) {
    PathPolicies policies = root;
    for (Override override : overrides) {
      if (PathPattern.anyMatches(override.patterns(), path)) {
        policies = override.policies();
        break;
      }
    }
    Bodyless bodyless = this.bodyless;
    if (bodyless != null && PathPattern.anyMatches(bodyless.patterns(), path)) {
      return bodyless.twins().get(policies);
    }
    return policies;
  }

  /** Paths that take no body, each path's policies with a body limit of zero. */
  private record Bodyless(PathPattern[] patterns, java.util.Map<PathPolicies, PathPolicies> twins) {}

  private volatile Bodyless bodyless;

  /**
   * Refuses any request body on these paths (413 before it is read, and the connection closed so
   * it is never drained), keeping every other policy of the path as configured: Bulwark's own
   * endpoints (health, metrics, readiness, inspection) take none, and a body trickled to one would
   * otherwise hold a request thread for as long as the client likes. Called once at start-up.
   */
  public void refuseBodies(List<String> patterns) {
    List<PathPattern> all = new ArrayList<>();
    if (bodyless != null) {
      all.addAll(List.of(bodyless.patterns()));
    }
    patterns.stream().map(PathPattern::of).forEach(all::add);
    java.util.Map<PathPolicies, PathPolicies> twins = new java.util.IdentityHashMap<>();
    twins.put(root, withoutBodies(root));
    for (Override override : overrides) {
      twins.put(override.policies(), withoutBodies(override.policies()));
    }
    this.bodyless = new Bodyless(all.toArray(PathPattern[]::new), twins);
  }

  private static PathPolicies withoutBodies(PathPolicies policies) {
    return new PathPolicies(policies.headers(), policies.cors(), policies.crossSite(), policies.limits().withMaxBody(0));
  }

  /** Returns the global policies, for answers given before a request's path is known. */
  public PathPolicies rootPolicies() {
    return root;
  }

  public boolean enabled() {
    return enabled;
  }

  public ClientIpResolver clientIp() {
    return clientIp;
  }

  public HostPolicy host() {
    return host;
  }

  public CorsPolicy cors() {
    return cors;
  }

  public CrossSiteProtection crossSite() {
    return crossSite;
  }

  public String reportPath() {
    return reportPath;
  }

  public SecurityEvents events() {
    return events;
  }

  /** Returns the request id chooser, or {@code null} when request ids are off. */
  public RequestIds requestIds() {
    return requestIds;
  }

  /** Returns the request id header name. */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /** Returns the MDC key of the request id. */
  public String mdcKey() {
    return mdcKey;
  }

  /** Returns the rate-limiting stage, or {@code null} when rate limiting is off. */
  public RateLimiting rateLimiting() {
    return rateLimiting;
  }
}
