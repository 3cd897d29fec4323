package dev.bulwark.headers;

/**
 * {@code Content-Security-Policy} ({@code bulwark.headers.csp.*}). HTML responses get {@link
 * #htmlPolicy()}, with {@code {nonce}} replaced by a fresh 128-bit nonce per response; every other
 * response gets {@link #apiPolicy()}.
 *
 * @param enabled whether to send CSP at all; default {@code true}
 * @param htmlPolicy the policy for {@code text/html} responses; default {@value #DEFAULT_HTML_POLICY}
 * @param apiPolicy the policy for every other response; default {@value #DEFAULT_API_POLICY}
 * @param reportOnlyPolicy a policy sent as {@code Content-Security-Policy-Report-Only} on HTML
 *     responses next to the enforced one, to try a stricter policy; default none
 * @param reportPath where browsers send violation reports; Bulwark serves it, logs the reports
 *     (rate-limited) and counts them; empty to turn reporting off; default {@value
 *     #DEFAULT_REPORT_PATH}
 * @param upgradeInsecureRequests whether to add {@code upgrade-insecure-requests} to the HTML
 *     policy on HTTPS requests (never on plain HTTP, where it would break local development);
 *     default {@code true}
 */
public record CspConfig(
    Boolean enabled,
    String htmlPolicy,
    String apiPolicy,
    String reportOnlyPolicy,
    String reportPath,
    Boolean upgradeInsecureRequests) {

  /** The default policy for HTML: same-origin resources, nonce-bearing inline code only. */
  public static final String DEFAULT_HTML_POLICY =
      "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The default policy for everything that is not HTML: nothing may load or frame it. */
  public static final String DEFAULT_API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  /** The default path of the violation report endpoint. */
  public static final String DEFAULT_REPORT_PATH = "/bulwark/csp-report";

  /** Applies defaults. */
  public CspConfig {
    enabled = enabled == null || enabled;
    htmlPolicy = htmlPolicy == null ? DEFAULT_HTML_POLICY : htmlPolicy;
    apiPolicy = apiPolicy == null ? DEFAULT_API_POLICY : apiPolicy;
    reportOnlyPolicy = reportOnlyPolicy == null ? "" : reportOnlyPolicy;
    reportPath = reportPath == null ? DEFAULT_REPORT_PATH : reportPath;
    upgradeInsecureRequests = upgradeInsecureRequests == null || upgradeInsecureRequests;
    if (!reportPath.isEmpty() && !reportPath.matches("/[A-Za-z0-9/_.~-]{0,200}")) {
      // It is written into the CSP and Reporting-Endpoints headers: no separators, no spaces.
      throw new IllegalArgumentException(
          "report-path must be empty or a path of letters, digits and / _ . ~ - starting with '/'");
    }
  }

  /** The defaults. */
  public static CspConfig defaults() {
    return new CspConfig(null, null, null, null, null, null);
  }
}
