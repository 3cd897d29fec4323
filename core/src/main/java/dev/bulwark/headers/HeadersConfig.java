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
 * @param referrerPolicy {@code Referrer-Policy}; default {@code no-referrer}
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
          + " web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(),"
          + " gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()";

  /** The default Cache-Control for responses that set none. */
  public static final String DEFAULT_CACHE_CONTROL = "no-store, max-age=0";

  /** Applies defaults and refuses values that could split a header. */
  public HeadersConfig {
    enabled = enabled == null || enabled;
    csp = csp == null ? CspConfig.defaults() : csp;
    hsts = hsts == null ? HstsConfig.defaults() : hsts;
    frameOptions = orDefault(frameOptions, "DENY");
    contentTypeOptions = orDefault(contentTypeOptions, "nosniff");
    referrerPolicy = orDefault(referrerPolicy, "no-referrer");
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
    return new HeadersConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
