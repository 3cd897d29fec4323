package dev.bulwark.crosssite;

import dev.bulwark.cors.OriginMatcher;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Stage;
import dev.bulwark.http.Verdict;
import dev.bulwark.net.HostNames;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled cross-site request check. Thread-safe and immutable.
 *
 * <p>The decision follows Go 1.25's algorithm: safe methods pass; {@code Sec-Fetch-Site} of {@code
 * same-origin} or {@code none} passes, any other value is cross-site; without it, a request with no
 * {@code Origin} passes (not a browser, or a same-origin request from an old one), and an {@code
 * Origin} whose host equals the {@code Host} header passes. Trusted origins and bypass paths are
 * exempt.
 */
public final class CrossSitePolicy implements Stage {

  /** Why a request was refused, for logs and metrics. */
  public enum Decision {
    /** Allowed. */
    ALLOWED,
    /** Refused: {@code Sec-Fetch-Site} says cross-site or same-site. */
    CROSS_SITE_FETCH_METADATA,
    /** Refused: no Fetch Metadata, and {@code Origin} does not match {@code Host}. */
    CROSS_SITE_ORIGIN
  }

  private final boolean enabled;
  private final OriginMatcher trusted;
  private final OriginMatcher corsOrigins;
  private final PathPattern[] bypass;

  private CrossSitePolicy(CrossSiteConfig config, OriginMatcher corsOrigins) {
    this.enabled = config.enabled();
    this.trusted = new OriginMatcher(config.trustedOrigins());
    this.corsOrigins = corsOrigins;
    List<PathPattern> patterns = new ArrayList<>();
    for (String pattern : config.bypassPaths()) {
      patterns.add(PathPattern.of(pattern));
    }
    this.bypass = patterns.toArray(PathPattern[]::new);
  }

  /**
   * Compiles a configuration.
   *
   * @param config the settings
   * @param corsOrigins CORS's allowed origins, which are trusted too (an origin allowed to call
   *     the API cross-origin must be able to send it unsafe requests)
   */
  public static CrossSitePolicy compile(CrossSiteConfig config, OriginMatcher corsOrigins) {
    return new CrossSitePolicy(config, corsOrigins);
  }

  /**
   * Checks one request.
   *
   * @param method the request method
   * @param path the request path, without context path or query
   * @param secFetchSite the {@code Sec-Fetch-Site} header, or {@code null}
   * @param origin the {@code Origin} header, or {@code null}
   * @param host the {@code Host} header (the host the client asked for), or {@code null}
   */
  public Decision check(String method, String path, String secFetchSite, String origin, String host) {
    if (!enabled || isSafe(method)) {
      return Decision.ALLOWED;
    }
    if (secFetchSite != null && !secFetchSite.isEmpty()) {
      if (secFetchSite.equalsIgnoreCase("same-origin") || secFetchSite.equalsIgnoreCase("none")) {
        return Decision.ALLOWED;
      }
      return isExempt(path, origin) ? Decision.ALLOWED : Decision.CROSS_SITE_FETCH_METADATA;
    }
    if (origin == null || origin.isEmpty()) {
      return Decision.ALLOWED;
    }
    if (host != null && originHostEquals(origin, host)) {
      return Decision.ALLOWED;
    }
    return isExempt(path, origin) ? Decision.ALLOWED : Decision.CROSS_SITE_ORIGIN;
  }

  private static boolean isSafe(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  private boolean isExempt(String path, String origin) {
    if (trusted.matches(origin) || (corsOrigins != null && corsOrigins.matches(origin))) {
      return true;
    }
    return PathPattern.anyMatches(bypass, path);
  }

  /** Compares the host[:port] part of an origin with a Host header, case-insensitively. */
  private static boolean originHostEquals(String origin, String host) {
    int scheme = origin.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int start = scheme + 3;
    int length = origin.length() - start;
    return length == host.length() && origin.regionMatches(true, start, host, 0, length)
        && !HostNames.stripPort(host).isEmpty();
  }

  /** The pipeline stage: refuses a cross-site request that changes state with 403. */
  @Override
  public Verdict apply(Exchange exchange) {
    if (!exchange.policy().crossSite()) {
      return Verdict.CONTINUE;
    }
    Decision decision =
        check(
            exchange.method(),
            exchange.path(),
            exchange.view().header("Sec-Fetch-Site"),
            exchange.view().header("Origin"),
            exchange.client().host());
    return decision == Decision.ALLOWED
        ? Verdict.CONTINUE
        : Verdict.refuse(Problems.crossSiteRequest(), SecurityEvent.CROSS_SITE_BLOCKED);
  }
}
