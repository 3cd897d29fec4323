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
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(CorsConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link CorsConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private List<String> allowedOrigins;
    private List<String> allowedMethods;
    private List<String> allowedHeaders;
    private List<String> exposedHeaders;
    private Boolean allowCredentials;
    private Duration maxAge;

    private Builder() {}

    private Builder(CorsConfig base) {
      enabled = base.enabled();
      allowedOrigins = base.allowedOrigins();
      allowedMethods = base.allowedMethods();
      allowedHeaders = base.allowedHeaders();
      exposedHeaders = base.exposedHeaders();
      allowCredentials = base.allowCredentials();
      maxAge = base.maxAge();
    }

    /**
     * Whether Bulwark handles CORS; default {@code true} (turn off to keep a framework's own CORS handling).
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Exact origins such as {@code https://app.example.com}, or subdomain patterns such as {@code
     * https://*.example.com}; default none.
     */
    public Builder allowedOrigins(String... allowedOrigins) {
      this.allowedOrigins = List.of(allowedOrigins);
      return this;
    }

    /** Methods allowed cross-origin; default GET, HEAD, POST, PUT, PATCH, DELETE. */
    public Builder allowedMethods(String... allowedMethods) {
      this.allowedMethods = List.of(allowedMethods);
      return this;
    }

    /**
     * Request headers allowed cross-origin, or {@code *} for any; default Content-Type, Authorization,
     * X-Requested-With, X-Request-Id.
     */
    public Builder allowedHeaders(String... allowedHeaders) {
      this.allowedHeaders = List.of(allowedHeaders);
      return this;
    }

    /** Response headers scripts may read; default X-Request-Id. */
    public Builder exposedHeaders(String... exposedHeaders) {
      this.exposedHeaders = List.of(exposedHeaders);
      return this;
    }

    /** Whether cookies and HTTP authentication may be sent; default {@code false}. */
    public Builder allowCredentials(boolean allowCredentials) {
      this.allowCredentials = allowCredentials;
      return this;
    }

    /** How long browsers may cache a preflight answer; default {@code 30m}. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Returns the CorsConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public CorsConfig build() {
      return new CorsConfig(
          enabled, allowedOrigins, allowedMethods, allowedHeaders, exposedHeaders, allowCredentials, maxAge);
    }
  }
}
