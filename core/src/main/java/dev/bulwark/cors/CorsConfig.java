package dev.bulwark.cors;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin resource sharing ({@code bulwark.cors.*}). Bulwark answers preflight requests itself
 * and adds {@code Access-Control-*} headers only for origins on the allow-list; it never reflects
 * an arbitrary origin. With no allowed origins every cross-origin preflight gets 403, which is what
 * browsers do anyway without CORS.
 *
 * @param enabled whether Bulwark handles CORS; default {@code true} (turn off to keep a framework's
 *     own CORS handling)
 * @param allowedOrigins exact origins such as {@code https://app.example.com}, or subdomain
 *     patterns such as {@code https://*.example.com}; default none
 * @param allowedMethods methods allowed cross-origin; default GET, HEAD, POST, PUT, PATCH, DELETE
 * @param allowedHeaders request headers allowed cross-origin, or {@code *} for any; default
 *     Content-Type, Authorization, X-Requested-With, X-Request-Id
 * @param exposedHeaders response headers scripts may read; default X-Request-Id
 * @param allowCredentials whether cookies and HTTP authentication may be sent; default {@code false}
 * @param maxAge how long browsers may cache a preflight answer; default {@code 30m}
 */
public record CorsConfig(
    Boolean enabled,
    List<String> allowedOrigins,
    List<String> allowedMethods,
    List<String> allowedHeaders,
    List<String> exposedHeaders,
    Boolean allowCredentials,
    Duration maxAge) {

  /** Applies defaults and refuses combinations browsers reject or that leak credentials. */
  public CorsConfig {
    enabled = enabled == null || enabled;
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    allowedMethods =
        allowedMethods == null
            ? List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            : allowedMethods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
    allowedHeaders =
        allowedHeaders == null
            ? List.of("Content-Type", "Authorization", "X-Requested-With", "X-Request-Id")
            : List.copyOf(allowedHeaders);
    exposedHeaders = exposedHeaders == null ? List.of("X-Request-Id") : List.copyOf(exposedHeaders);
    allowCredentials = allowCredentials != null && allowCredentials;
    maxAge = maxAge == null ? Duration.ofMinutes(30) : maxAge;
    for (String origin : allowedOrigins) {
      OriginMatcher.validate(origin);
    }
    if (allowCredentials && allowedOrigins.contains("*")) {
      throw new IllegalArgumentException(
          "allowed-origins '*' with allow-credentials=true would let any site act as the signed-in"
              + " user; list the origins explicitly");
    }
  }

  /** The defaults: no cross-origin access. */
  public static CorsConfig defaults() {
    return new CorsConfig(null, null, null, null, null, null, null);
  }
}
