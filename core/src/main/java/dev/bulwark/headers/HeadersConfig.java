package dev.bulwark.headers;

import java.util.List;

/**
 * Security response headers ({@code bulwark.headers.*}). Defaults follow the OWASP Secure Headers
 * Project. An empty string turns one header off.
 *
 * @param enabled whether Bulwark writes and removes headers at all; default {@code true}
 * @param csp Content-Security-Policy settings
 * @param hsts Strict-Transport-Security settings
 * @param frameOptions {@code X-Frame-Options}; default {@code DENY}
 * @param contentTypeOptions {@code X-Content-Type-Options}; default {@code nosniff}
 * @param referrerPolicy {@code Referrer-Policy}; default {@code same-origin}
 * @param permissionsPolicy {@code Permissions-Policy}; default denies every powerful feature
 * @param crossOriginOpenerPolicy {@code Cross-Origin-Opener-Policy}; default {@code same-origin}
 * @param crossOriginResourcePolicy {@code Cross-Origin-Resource-Policy}; default {@code
 *     same-origin}
 * @param crossOriginEmbedderPolicy {@code Cross-Origin-Embedder-Policy}; default off (opt in with
 *     {@code require-corp} or {@code credentialless}: it breaks cross-origin images and scripts)
 * @param permittedCrossDomainPolicies {@code X-Permitted-Cross-Domain-Policies}; default {@code
 *     none}
 * @param dnsPrefetchControl {@code X-DNS-Prefetch-Control}; default {@code off}
 * @param cacheControl {@code Cache-Control} for responses that set none; default {@code no-store,
 *     max-age=0}
 * @param remove headers removed from every response; default the OWASP remove list ({@code
 *     Server}, {@code X-Powered-By} and others)
 * @param allowRisky risky settings accepted despite the start-up lint; default none
 */
public record HeadersConfig(
    Boolean enabled,
    CspConfig csp,
    HstsConfig hsts,
    String frameOptions,
    String contentTypeOptions,
    String referrerPolicy,
    String permissionsPolicy,
    String crossOriginOpenerPolicy,
    String crossOriginResourcePolicy,
    String crossOriginEmbedderPolicy,
    String permittedCrossDomainPolicies,
    String dnsPrefetchControl,
    String cacheControl,
    List<String> remove,
    List<RiskySetting> allowRisky) {

  /** The OWASP Secure Headers Project's Permissions-Policy: every listed feature denied. */
  public static final String DEFAULT_PERMISSIONS_POLICY =
      "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(),"
          + " encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(),"
          + " magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(),"
          + " publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(),"
          + " xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(),"
          + " gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()";

  /**
   * The default Referrer-Policy: {@code same-origin}. Requests to other origins carry no {@code
   * Referer} (as with OWASP's {@code no-referrer}); same-origin requests keep theirs, and, what
   * matters more, their {@code Origin}. Under {@code no-referrer} the Fetch standard's "serialize a
   * request origin" makes the {@code Origin} of every POST {@code null}, even to the page's own
   * origin, so an origin check cannot tell the application's own forms from a sandboxed attacker's.
   */
  public static final String DEFAULT_REFERRER_POLICY = "same-origin";

  /** The default Cache-Control for responses that set none. */
  public static final String DEFAULT_CACHE_CONTROL = "no-store, max-age=0";

  /** Applies defaults and refuses values that could split a header. */
  public HeadersConfig {
    enabled = enabled == null || enabled;
    csp = csp == null ? CspConfig.defaults() : csp;
    hsts = hsts == null ? HstsConfig.defaults() : hsts;
    frameOptions = orDefault(frameOptions, "DENY");
    contentTypeOptions = orDefault(contentTypeOptions, "nosniff");
    referrerPolicy = orDefault(referrerPolicy, DEFAULT_REFERRER_POLICY);
    permissionsPolicy = orDefault(permissionsPolicy, DEFAULT_PERMISSIONS_POLICY);
    crossOriginOpenerPolicy = orDefault(crossOriginOpenerPolicy, "same-origin");
    crossOriginResourcePolicy = orDefault(crossOriginResourcePolicy, "same-origin");
    crossOriginEmbedderPolicy = orDefault(crossOriginEmbedderPolicy, "");
    permittedCrossDomainPolicies = orDefault(permittedCrossDomainPolicies, "none");
    dnsPrefetchControl = orDefault(dnsPrefetchControl, "off");
    cacheControl = orDefault(cacheControl, DEFAULT_CACHE_CONTROL);
    remove = remove == null ? OwaspRemoveList.HEADERS : List.copyOf(remove);
    allowRisky = allowRisky == null ? List.of() : List.copyOf(allowRisky);
    for (String value :
        List.of(
            frameOptions,
            contentTypeOptions,
            referrerPolicy,
            permissionsPolicy,
            crossOriginOpenerPolicy,
            crossOriginResourcePolicy,
            crossOriginEmbedderPolicy,
            permittedCrossDomainPolicies,
            dnsPrefetchControl,
            cacheControl,
            csp.htmlPolicy(),
            csp.apiPolicy(),
            csp.reportOnlyPolicy(),
            csp.reportPath())) {
      HeaderValues.requireSafe(value);
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value.trim();
  }

  /** The defaults. */
  public static HeadersConfig defaults() {
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(HeadersConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link HeadersConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private CspConfig csp;
    private HstsConfig hsts;
    private String frameOptions;
    private String contentTypeOptions;
    private String referrerPolicy;
    private String permissionsPolicy;
    private String crossOriginOpenerPolicy;
    private String crossOriginResourcePolicy;
    private String crossOriginEmbedderPolicy;
    private String permittedCrossDomainPolicies;
    private String dnsPrefetchControl;
    private String cacheControl;
    private List<String> remove;
    private List<RiskySetting> allowRisky;

    private Builder() {}

    private Builder(HeadersConfig base) {
      enabled = base.enabled();
      csp = base.csp();
      hsts = base.hsts();
      frameOptions = base.frameOptions();
      contentTypeOptions = base.contentTypeOptions();
      referrerPolicy = base.referrerPolicy();
      permissionsPolicy = base.permissionsPolicy();
      crossOriginOpenerPolicy = base.crossOriginOpenerPolicy();
      crossOriginResourcePolicy = base.crossOriginResourcePolicy();
      crossOriginEmbedderPolicy = base.crossOriginEmbedderPolicy();
      permittedCrossDomainPolicies = base.permittedCrossDomainPolicies();
      dnsPrefetchControl = base.dnsPrefetchControl();
      cacheControl = base.cacheControl();
      remove = base.remove();
      allowRisky = base.allowRisky();
    }

    /** Whether Bulwark writes and removes headers at all; default {@code true}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Content-Security-Policy settings; default {@link CspConfig#defaults()}. */
    public Builder csp(CspConfig csp) {
      this.csp = csp;
      return this;
    }

    /** Strict-Transport-Security settings; default {@link HstsConfig#defaults()}. */
    public Builder hsts(HstsConfig hsts) {
      this.hsts = hsts;
      return this;
    }

    /** {@code X-Frame-Options}; default {@code DENY}. */
    public Builder frameOptions(String frameOptions) {
      this.frameOptions = frameOptions;
      return this;
    }

    /** {@code X-Content-Type-Options}; default {@code nosniff}. */
    public Builder contentTypeOptions(String contentTypeOptions) {
      this.contentTypeOptions = contentTypeOptions;
      return this;
    }

    /** {@code Referrer-Policy}; default {@code same-origin}. */
    public Builder referrerPolicy(String referrerPolicy) {
      this.referrerPolicy = referrerPolicy;
      return this;
    }

    /** {@code Permissions-Policy}; default denies every powerful feature. */
    public Builder permissionsPolicy(String permissionsPolicy) {
      this.permissionsPolicy = permissionsPolicy;
      return this;
    }

    /** {@code Cross-Origin-Opener-Policy}; default {@code same-origin}. */
    public Builder crossOriginOpenerPolicy(String crossOriginOpenerPolicy) {
      this.crossOriginOpenerPolicy = crossOriginOpenerPolicy;
      return this;
    }

    /** {@code Cross-Origin-Resource-Policy}; default {@code same-origin}. */
    public Builder crossOriginResourcePolicy(String crossOriginResourcePolicy) {
      this.crossOriginResourcePolicy = crossOriginResourcePolicy;
      return this;
    }

    /**
     * {@code Cross-Origin-Embedder-Policy}; default off (opt in with {@code require-corp} or {@code
     * credentialless}: it breaks cross-origin images and scripts).
     */
    public Builder crossOriginEmbedderPolicy(String crossOriginEmbedderPolicy) {
      this.crossOriginEmbedderPolicy = crossOriginEmbedderPolicy;
      return this;
    }

    /** {@code X-Permitted-Cross-Domain-Policies}; default {@code none}. */
    public Builder permittedCrossDomainPolicies(String permittedCrossDomainPolicies) {
      this.permittedCrossDomainPolicies = permittedCrossDomainPolicies;
      return this;
    }

    /** {@code X-DNS-Prefetch-Control}; default {@code off}. */
    public Builder dnsPrefetchControl(String dnsPrefetchControl) {
      this.dnsPrefetchControl = dnsPrefetchControl;
      return this;
    }

    /** {@code Cache-Control} for responses that set none; default {@code no-store, max-age=0}. */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /**
     * Headers removed from every response; default the OWASP remove list ({@code Server}, {@code
     * X-Powered-By} and others).
     */
    public Builder remove(String... remove) {
      this.remove = List.of(remove);
      return this;
    }

    /** Risky settings accepted despite the start-up lint; default none. */
    public Builder allowRisky(RiskySetting... allowRisky) {
      this.allowRisky = List.of(allowRisky);
      return this;
    }

    /**
     * Returns the HeadersConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public HeadersConfig build() {
      return new HeadersConfig(
          enabled, csp, hsts, frameOptions, contentTypeOptions, referrerPolicy, permissionsPolicy, crossOriginOpenerPolicy, crossOriginResourcePolicy, crossOriginEmbedderPolicy, permittedCrossDomainPolicies, dnsPrefetchControl, cacheControl, remove, allowRisky);
    }
  }
}
