package dev.bulwark.assembly;

import dev.bulwark.adoption.AdoptionReport;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.core.Mode;
import dev.bulwark.cors.CorsPolicy;
import dev.bulwark.crosssite.CrossSitePolicy;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.headers.CspReports;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.headers.HstsConfig;
import dev.bulwark.host.HostPolicy;
import dev.bulwark.http.PathPolicy;
import dev.bulwark.http.RequestPipeline;
import dev.bulwark.http.Verdict;
import dev.bulwark.limits.RequestLimitPolicy;
import dev.bulwark.net.ClientIpResolver;
import dev.bulwark.path.PathOverride;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.requestid.RequestIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulwark composed from one configuration, the same for every host: the request pipeline with its
 * stages in order, and the policies the hosts' own endpoints and later phases share with it. The
 * servlet initializer and the Spring auto-configuration both build one with {@link #compile} and
 * adapt it; neither composes protections of its own.
 *
 * <p>The stages, in order:
 *
 * <ol>
 *   <li>request limits ({@link RequestLimitPolicy}): cheap checks of what the request declares;
 *   <li>Host allow-list and HTTPS redirect ({@link HostPolicy});
 *   <li>rate limiting ({@link RateLimitPolicy}): blocklist, concurrency cap, address and header
 *       rules, before anything costly;
 *   <li>the CSP report receiver (a hand-off to the host's endpoint);
 *   <li>CORS ({@link CorsPolicy}): preflights answered, allowed origins' headers added;
 *   <li>cross-site request protection ({@link CrossSitePolicy}).
 * </ol>
 */
public final class Assembly {

  /** The endpoint a {@link Verdict#handOff} names for the CSP report receiver. */
  public static final String CSP_REPORTS = "csp-reports";

  private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

  private final BulwarkConfig config;
  private final SecurityEvents events;
  private final RequestPipeline pipeline;
  private final RequestLimitPolicy requestLimits;
  private final RateLimitPolicy rateLimits;
  private final AdoptionReport adoption;
  private final CspReports cspReports;
  private final CorsPolicy cors;
  private final List<HeaderPolicy> headerPolicies = new java.util.ArrayList<>();

  private Assembly(BulwarkConfig config, SecurityEvents events, dev.bulwark.ratelimit.spi.RateLimitStore store) {
    this.config = config;
    this.events = events;
    ClientIpResolver clientIp = ClientIpResolver.compile(config.clientIp());
    HostPolicy host = HostPolicy.compile(config.host());
    CorsPolicy cors = CorsPolicy.compile(config.cors());
    this.cors = cors;
    CrossSitePolicy crossSite = CrossSitePolicy.compile(config.crossSite(), cors.origins());
    this.requestLimits = RequestLimitPolicy.compile(config.limits());
    this.rateLimits = RateLimitPolicy.compile(
        config.enabled() ? config.rateLimit() : dev.bulwark.ratelimit.RateLimitConfig.from(config.rateLimit()).enabled(false).build(),
        config.clientIp().ipv6Prefix(),
        events,
        store);
    boolean observe = config.enabled() && config.mode() == Mode.OBSERVE;
    HeadersConfig headers = config.headers();
    this.adoption = new AdoptionReport(config.mode(), observe ? withheld(headers) : List.of(), Duration.ofMinutes(5));
    this.cspReports = new CspReports(events, adoption::cspViolation);
    if (observe) {
      LOG.warn(
          "Bulwark is in OBSERVE mode (bulwark.mode=observe): NOTHING IS REFUSED. Every refusal is logged and counted as"
              + " would_refuse, CSP is sent report-only and {} are withheld; the adoption report lists what enforcing"
              + " would change and how to allow each. Remove bulwark.mode to enforce.",
          withheld(headers).stream().map(AdoptionReport.WithheldHeader::name).toList());
    }
    long maxBody = config.limits().maxBodyBytes();
    HeaderPolicy rootHeaders = HeaderPolicy.compile(observe ? observing(headers) : headers, "bulwark.headers");
    headerPolicies.add(rootHeaders);
    PathPolicy root =
        new PathPolicy(rootHeaders, config.cors().enabled(), config.crossSite().enabled(), maxBody);
    RequestPipeline.Builder builder = RequestPipeline.builder(clientIp, root, events);
    if (config.requestId().enabled()) {
      builder.requestIds(RequestIds.compile(config.requestId()), config.requestId().header(), config.requestId().mdcKey());
    }
    for (int i = 0; i < config.paths().size(); i++) {
      PathOverride override = config.paths().get(i);
      HeadersConfig pathHeaders = withOverride(headers, override);
      HeaderPolicy policy = HeaderPolicy.compile(observe ? observing(pathHeaders) : pathHeaders, "bulwark.paths[" + i + "]");
      headerPolicies.add(policy);
      builder.pathPolicy(
          override.patterns(),
          new PathPolicy(
              policy,
              override.cors() == null ? root.cors() : override.cors(),
              override.crossSite() == null ? root.crossSite() : override.crossSite(),
              override.maxBodyBytes() == null ? maxBody : override.maxBodyBytes()));
    }
    CspConfig csp = headers.csp();
    String reportPath = headers.enabled() && csp.enabled() ? csp.reportPath() : "";
    Verdict toReports = Verdict.handOff(CSP_REPORTS);
    builder.stage(requestLimits).stage(host).stage(rateLimits);
    if (!reportPath.isEmpty()) {
      builder.stage(exchange -> reportPath.equals(exchange.path()) && "POST".equals(exchange.method()) ? toReports : Verdict.CONTINUE);
    }
    builder.stage(cors).stage(crossSite);
    if (observe) {
      builder.observe(adoption);
    }
    this.pipeline = builder.build();
  }

  /**
   * The headers observe mode sends: only what cannot change what a page does. The enforced CSP goes
   * report-only (its reports feed the adoption report); every header that could change a page's
   * behaviour (framing, referrers and so Origin, powerful features, cross-origin isolation, MIME
   * sniffing, caching, HSTS, which browsers remember) is withheld and listed instead.
   */
  private static HeadersConfig observing(HeadersConfig headers) {
    CspConfig csp = headers.csp();
    CspConfig.Builder observed = CspConfig.from(csp);
    if (!csp.htmlPolicy().isEmpty()) {
      observed.reportOnlyPolicy(csp.htmlPolicy()).htmlPolicy("");
    }
    return HeadersConfig.from(headers)
        .csp(observed.build())
        .hsts(HstsConfig.from(headers.hsts()).enabled(false).build())
        .frameOptions("")
        .contentTypeOptions("")
        .referrerPolicy("")
        .permissionsPolicy("")
        .crossOriginOpenerPolicy("")
        .crossOriginResourcePolicy("")
        .crossOriginEmbedderPolicy("")
        .cacheControl("")
        .build();
  }

  private static List<AdoptionReport.WithheldHeader> withheld(HeadersConfig headers) {
    List<AdoptionReport.WithheldHeader> withheld = new ArrayList<>();
    if (!headers.enabled()) {
      return withheld;
    }
    if (headers.csp().enabled() && !headers.csp().htmlPolicy().isEmpty()) {
      withheld.add(new AdoptionReport.WithheldHeader("Content-Security-Policy", "sent report-only: " + headers.csp().htmlPolicy()));
    }
    if (headers.hsts().enabled()) {
      withheld.add(new AdoptionReport.WithheldHeader("Strict-Transport-Security", headers.hsts().headerValue()));
    }
    String[][] values = {
      {"X-Frame-Options", headers.frameOptions()},
      {"X-Content-Type-Options", headers.contentTypeOptions()},
      {"Referrer-Policy", headers.referrerPolicy()},
      {"Permissions-Policy", headers.permissionsPolicy()},
      {"Cross-Origin-Opener-Policy", headers.crossOriginOpenerPolicy()},
      {"Cross-Origin-Resource-Policy", headers.crossOriginResourcePolicy()},
      {"Cross-Origin-Embedder-Policy", headers.crossOriginEmbedderPolicy()},
      {"Cache-Control", headers.cacheControl()},
    };
    for (String[] header : values) {
      if (!header[1].isEmpty()) {
        withheld.add(new AdoptionReport.WithheldHeader(header[0], header[1]));
      }
    }
    return withheld;
  }

  /**
   * Compiles a configuration: a bad setting fails here, at start-up, with the property's name.
   *
   * @param events where refusals and other security events are counted
   * @throws dev.bulwark.core.ConfigException if a setting is invalid
   */
  public static Assembly compile(BulwarkConfig config, SecurityEvents events) {
    return new Assembly(config, events, null);
  }

  /**
   * Compiles a configuration over a rate-limit store the host opened itself (the Spring starter's
   * Redis store over the application's own client); {@code null} opens the configured one.
   *
   * @param events where refusals and other security events are counted
   * @throws dev.bulwark.core.ConfigException if a setting is invalid
   */
  public static Assembly compile(BulwarkConfig config, SecurityEvents events, dev.bulwark.ratelimit.spi.RateLimitStore store) {
    return new Assembly(config, events, store);
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

  /** The configuration it was compiled from. */
  public BulwarkConfig config() {
    return config;
  }

  /** Whether Bulwark protects requests ({@code bulwark.enabled}). */
  public boolean enabled() {
    return config.enabled();
  }

  /** The event counters. */
  public SecurityEvents events() {
    return events;
  }

  /** The front door. */
  public RequestPipeline pipeline() {
    return pipeline;
  }

  /** The request limits, whose body meter the host wraps the request body in. */
  public RequestLimitPolicy requestLimits() {
    return requestLimits;
  }

  /** What enforcing would change (in observe mode), and the CSP violations browsers reported. */
  public AdoptionReport adoption() {
    return adoption;
  }

  /** Where the host's CSP report receiver hands the bodies it read. */
  public CspReports cspReports() {
    return cspReports;
  }

  /** Rate limiting: the stage, its later phases, the limiter, inspection and exemptions. */
  public RateLimitPolicy rateLimits() {
    return rateLimits;
  }

  /**
   * Declares the host's own endpoints: {@code noBody} paths take no request body (refused with 413
   * before it is read, so a trickled body cannot hold a thread), and {@code exempt} paths (health
   * and its probes, which an orchestrator must reach whatever other clients behind its address
   * did) are exempt from rate limiting and the penalty box. Called at start-up.
   */
  public void ownEndpoints(List<String> noBody, List<String> exempt) {
    pipeline.refuseBodies(noBody);
    rateLimits.exempt(exempt);
  }

  /**
   * Puts the CSP report path that browsers are told under the application's context path on every
   * path's policy ({@link HeaderPolicy#reportUnder}); the receiver keeps matching the path within the
   * application. Called at start-up by the servlet host.
   */
  public void reportUnder(String contextPath) {
    for (HeaderPolicy policy : headerPolicies) {
      policy.reportUnder(contextPath);
    }
  }

  /** The CORS stage, which a host may {@linkplain CorsPolicy#deferToApplication defer} at start-up. */
  public CorsPolicy cors() {
    return cors;
  }

  /**
   * Leaves headers to the application on every path ({@link HeaderPolicy#defer}): the host found
   * the application's own setting for them at start-up. Called before requests.
   */
  public void deferHeaders(java.util.Set<String> headerNames) {
    for (HeaderPolicy policy : headerPolicies) {
      policy.defer(headerNames);
    }
  }
}
