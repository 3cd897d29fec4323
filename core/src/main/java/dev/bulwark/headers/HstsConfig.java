package dev.bulwark.headers;

import java.time.Duration;

/**
 * {@code Strict-Transport-Security} ({@code bulwark.headers.hsts.*}). Sent only on requests that
 * reached the service over HTTPS (directly or through a trusted proxy) and never for {@code
 * localhost}, so local development over plain HTTP keeps working.
 *
 * @param enabled whether to send the header; default {@code true}
 * @param maxAge how long browsers remember to use HTTPS; default {@code 730d} (two years, as the
 *     OWASP Secure Headers Project recommends); under six months fails start-up unless {@code
 *     short-hsts} is in {@code bulwark.headers.allow-risky}
 * @param includeSubDomains whether the rule covers subdomains; default {@code true}
 * @param preload whether to add {@code preload} (only after submitting the domain to the preload
 *     list); default {@code false}
 */
public record HstsConfig(Boolean enabled, Duration maxAge, Boolean includeSubDomains, Boolean preload) {

  /** The default max-age: two years. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(730);

  /** Applies defaults. */
  public HstsConfig {
    enabled = enabled == null || enabled;
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    includeSubDomains = includeSubDomains == null || includeSubDomains;
    preload = preload != null && preload;
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("max-age must not be negative");
    }
  }

  /** The defaults. */
  public static HstsConfig defaults() {
    return new HstsConfig(null, null, null, null);
  }

  /** Returns the header value. */
  public String headerValue() {
    return "max-age="
        + maxAge.getSeconds()
        + (includeSubDomains ? "; includeSubDomains" : "")
        + (preload ? "; preload" : "");
  }
}
