package dev.bulwark.cors;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Stage;
import dev.bulwark.http.Verdict;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.problem.Problems;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled CORS policy. Thread-safe and immutable; every header value that does not depend on
 * the request is computed at start-up.
 */
public final class CorsPolicy implements Stage {

  /** What to do with a request. */
  public enum Outcome {
    /** Not a cross-origin request, or CORS handling is off: pass it on untouched. */
    PASS,
    /** A cross-origin request from an allowed origin: pass it on and add the allow headers. */
    ALLOW,
    /** An allowed preflight: answer 204 with the allow headers, do not call the app. */
    PREFLIGHT,
    /** A preflight that is not allowed: answer 403 without any Access-Control header. */
    REJECT
  }

  /** The vary header value for preflight answers. */
  public static final String PREFLIGHT_VARY =
      "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

  private final boolean enabled;
  private final OriginMatcher origins;
  private final Set<String> methods;
  private final String methodsHeader;
  private final Set<String> headers;
  private final boolean anyHeader;
  private final String exposedHeader;
  private final boolean credentials;
  private final String maxAge;
  private volatile boolean deferred;

  private CorsPolicy(CorsConfig config) {
    this.enabled = config.enabled();
    this.origins = new OriginMatcher(config.allowedOrigins());
    this.methods = new TreeSet<>(config.allowedMethods());
    this.methodsHeader = String.join(", ", config.allowedMethods());
    this.headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    this.headers.addAll(config.allowedHeaders());
    this.anyHeader = headers.contains("*");
    this.exposedHeader = config.exposedHeaders().isEmpty() ? null : String.join(", ", config.exposedHeaders());
    this.credentials = config.allowCredentials();
    this.maxAge = Long.toString(config.maxAge().getSeconds());
  }

  /** Compiles a configuration. */
  public static CorsPolicy compile(CorsConfig config) {
    return new CorsPolicy(config);
  }

  /** Returns whether CORS handling is on. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Leaves CORS to the application, which has CORS handling of its own: the stage then passes every
   * request on untouched, so the application answers its preflights. Called at start-up, before
   * requests, by a host that found such handling while no origins are allowed here.
   *
   * @throws IllegalStateException if origins are allowed here: two answers to one preflight
   */
  public void deferToApplication() {
    if (!origins.isEmpty()) {
      throw new IllegalStateException("allowed origins are configured: Bulwark answers CORS itself");
    }
    this.deferred = true;
  }

  /** Returns whether CORS is {@linkplain #deferToApplication left to the application}. */
  public boolean deferred() {
    return deferred;
  }

  /** Returns the origin allow-list, which cross-site protection also trusts. */
  public OriginMatcher origins() {
    return origins;
  }

  /**
   * Decides one request.
   *
   * @param method the request method
   * @param origin the {@code Origin} header, or {@code null}
   * @param ownOrigin this request's own origin ({@code https://host:port}), to recognise
   *     same-origin requests that carry an Origin header
   * @param requestMethod the {@code Access-Control-Request-Method} header, or {@code null}
   * @param requestHeaders the {@code Access-Control-Request-Headers} header, or {@code null}
   */
  public Outcome decide(
      String method, String origin, String ownOrigin, String requestMethod, String requestHeaders) {
    if (!enabled || origin == null || origin.equalsIgnoreCase(ownOrigin)) {
      return Outcome.PASS;
    }
    boolean preflight = "OPTIONS".equals(method) && requestMethod != null;
    if (!preflight) {
      return origins.matches(origin) ? Outcome.ALLOW : Outcome.PASS;
    }
    if (!origins.matches(origin)
        || !methods.contains(requestMethod.trim().toUpperCase(Locale.ROOT))
        || !headersAllowed(requestHeaders)) {
      return Outcome.REJECT;
    }
    return Outcome.PREFLIGHT;
  }

  private boolean headersAllowed(String requested) {
    if (requested == null || requested.isBlank() || anyHeader) {
      return true;
    }
    for (String name : requested.split(",")) {
      String trimmed = name.trim();
      if (!trimmed.isEmpty() && !headers.contains(trimmed)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the {@code Access-Control-Allow-Origin} value for an allowed origin. */
  public String allowOrigin(String origin) {
    return origins.allowsAny() && !credentials ? "*" : origin;
  }

  /** Returns whether credentials are allowed. */
  public boolean allowCredentials() {
    return credentials;
  }

  /** Returns the {@code Access-Control-Expose-Headers} value, or {@code null}. */
  public String exposedHeaders() {
    return exposedHeader;
  }

  /** Returns the {@code Access-Control-Allow-Methods} value. */
  public String allowMethods() {
    return methodsHeader;
  }

  /** Returns the {@code Access-Control-Allow-Headers} value for a preflight's requested headers. */
  public String allowHeaders(String requestHeaders) {
    return requestHeaders == null || requestHeaders.isBlank() ? null : requestHeaders.trim();
  }

  /** Returns the {@code Access-Control-Max-Age} value in seconds. */
  public String maxAge() {
    return maxAge;
  }

  /**
   * The pipeline stage: answers a preflight (204 with the allowed methods and headers, or 403 for
   * an origin, method or header not allowed) and adds the CORS headers to an allowed origin's
   * request; a request without {@code Origin}, or from its own origin, continues untouched.
   */
  @Override
  public Verdict apply(Exchange exchange) {
    if (deferred || !exchange.policy().cors()) {
      return Verdict.CONTINUE;
    }
    String origin = exchange.view().header("Origin");
    if (origin == null) {
      return Verdict.CONTINUE;
    }
    ClientInfo client = exchange.client();
    String ownOrigin = (client.secure() ? "https://" : "http://") + client.host();
    String requestHeaders = exchange.view().header("Access-Control-Request-Headers");
    Outcome outcome =
        decide(exchange.method(), origin, ownOrigin, exchange.view().header("Access-Control-Request-Method"), requestHeaders);
    HeaderWriter headers = exchange.headers();
    switch (outcome) {
      case PASS -> {
        if (!origin.equalsIgnoreCase(ownOrigin)) {
          headers.add("Vary", "Origin");
        }
        return Verdict.CONTINUE;
      }
      case ALLOW -> {
        headers.add("Vary", "Origin");
        headers.set("Access-Control-Allow-Origin", allowOrigin(origin));
        if (credentials) {
          headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (exposedHeader != null) {
          headers.set("Access-Control-Expose-Headers", exposedHeader);
        }
        return Verdict.CONTINUE;
      }
      case PREFLIGHT -> {
        headers.set("Vary", PREFLIGHT_VARY);
        headers.set("Access-Control-Allow-Origin", allowOrigin(origin));
        headers.set("Access-Control-Allow-Methods", methodsHeader);
        String allowHeaders = allowHeaders(requestHeaders);
        if (allowHeaders != null) {
          headers.set("Access-Control-Allow-Headers", allowHeaders);
        }
        if (credentials) {
          headers.set("Access-Control-Allow-Credentials", "true");
        }
        headers.set("Access-Control-Max-Age", maxAge);
        return Verdict.answer(204);
      }
      default -> {
        headers.set("Vary", PREFLIGHT_VARY);
        return Verdict.refuse(Problems.corsRejected(), SecurityEvent.CORS_REJECTED);
      }
    }
  }
}
