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
 * @param templateNonces whether inline {@code <script>} and {@code <style>} elements written in the
 *     application's Thymeleaf templates get the response's nonce at render time (the Spring starter's
 *     template dialect); content from model variables never does; default {@code false}
 */
public record CspConfig(
    Boolean enabled,
    String htmlPolicy,
    String apiPolicy,
    String reportOnlyPolicy,
    String reportPath,
    Boolean upgradeInsecureRequests,
    Boolean templateNonces) {

  /**
   * The default policy for HTML: same-origin resources, nonce-bearing inline code only, and images
   * from {@code data:} URLs too (Bootstrap's and many themes' icons are inline SVG data URLs; an
   * image cannot run script: SVG loaded as an image runs none and fetches nothing).
   */
  public static final String DEFAULT_HTML_POLICY =
      "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

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
    templateNonces = templateNonces != null && templateNonces;
    if (!reportPath.isEmpty() && !reportPath.matches("/[A-Za-z0-9/_.~-]{0,200}")) {
      // It is written into the CSP and Reporting-Endpoints headers: no separators, no spaces.
      throw new IllegalArgumentException(
          "report-path must be empty or a path of letters, digits and / _ . ~ - starting with '/'");
    }
  }

  /** The defaults. */
  public static CspConfig defaults() {
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(CspConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link CspConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private String htmlPolicy;
    private String apiPolicy;
    private String reportOnlyPolicy;
    private String reportPath;
    private Boolean upgradeInsecureRequests;
    private Boolean templateNonces;

    private Builder() {}

    private Builder(CspConfig base) {
      enabled = base.enabled();
      htmlPolicy = base.htmlPolicy();
      apiPolicy = base.apiPolicy();
      reportOnlyPolicy = base.reportOnlyPolicy();
      reportPath = base.reportPath();
      upgradeInsecureRequests = base.upgradeInsecureRequests();
      templateNonces = base.templateNonces();
    }

    /** Whether to send CSP at all; default {@code true}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** The policy for {@code text/html} responses; default {@value #DEFAULT_HTML_POLICY}. */
    public Builder htmlPolicy(String htmlPolicy) {
      this.htmlPolicy = htmlPolicy;
      return this;
    }

    /** The policy for every other response; default {@value #DEFAULT_API_POLICY}. */
    public Builder apiPolicy(String apiPolicy) {
      this.apiPolicy = apiPolicy;
      return this;
    }

    /**
     * A policy sent as {@code Content-Security-Policy-Report-Only} on HTML responses next to the enforced
     * one, to try a stricter policy; default none.
     */
    public Builder reportOnlyPolicy(String reportOnlyPolicy) {
      this.reportOnlyPolicy = reportOnlyPolicy;
      return this;
    }

    /**
     * Where browsers send violation reports; Bulwark serves it, logs the reports (rate-limited) and counts
     * them; empty to turn reporting off; default {@value #DEFAULT_REPORT_PATH}.
     */
    public Builder reportPath(String reportPath) {
      this.reportPath = reportPath;
      return this;
    }

    /**
     * Whether to add {@code upgrade-insecure-requests} to the HTML policy on HTTPS requests (never on plain
     * HTTP, where it would break local development); default {@code true}.
     */
    public Builder upgradeInsecureRequests(boolean upgradeInsecureRequests) {
      this.upgradeInsecureRequests = upgradeInsecureRequests;
      return this;
    }

    /**
     * Whether inline {@code <script>} and {@code <style>} elements written in the application's Thymeleaf
     * templates get the response's nonce at render time (never content from model variables); default
     * {@code false}.
     */
    public Builder templateNonces(boolean templateNonces) {
      this.templateNonces = templateNonces;
      return this;
    }

    /**
     * Returns the CspConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public CspConfig build() {
      return new CspConfig(
          enabled, htmlPolicy, apiPolicy, reportOnlyPolicy, reportPath, upgradeInsecureRequests, templateNonces);
    }
  }
}
