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
    return builder().build();
  }

  /** Returns the header value. */
  public String headerValue() {
    return "max-age="
        + maxAge.getSeconds()
        + (includeSubDomains ? "; includeSubDomains" : "")
        + (preload ? "; preload" : "");
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(HstsConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link HstsConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private Duration maxAge;
    private Boolean includeSubDomains;
    private Boolean preload;

    private Builder() {}

    private Builder(HstsConfig base) {
      enabled = base.enabled();
      maxAge = base.maxAge();
      includeSubDomains = base.includeSubDomains();
      preload = base.preload();
    }

    /** Whether to send the header; default {@code true}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * How long browsers remember to use HTTPS; default {@code 730d} (two years, as the OWASP Secure Headers
     * Project recommends); under six months fails start-up unless {@code short-hsts} is in {@code
     * bulwark.headers.allow-risky}.
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = maxAge;
      return this;
    }

    /** Whether the rule covers subdomains; default {@code true}. */
    public Builder includeSubDomains(boolean includeSubDomains) {
      this.includeSubDomains = includeSubDomains;
      return this;
    }

    /**
     * Whether to add {@code preload} (only after submitting the domain to the preload list); default {@code
     * false}.
     */
    public Builder preload(boolean preload) {
      this.preload = preload;
      return this;
    }

    /**
     * Returns the HstsConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public HstsConfig build() {
      return new HstsConfig(
          enabled, maxAge, includeSubDomains, preload);
    }
  }
}
