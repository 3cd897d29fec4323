package dev.bulwark.headers;

import dev.bulwark.core.ConfigException;
import dev.bulwark.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled header policy: every value is computed and linted once at start-up, so writing the
 * headers of a response is a walk over two arrays plus, for HTML, one string with the nonce.
 * Thread-safe; immutable but for the headers {@linkplain #defer deferred} at start-up.
 */
public final class HeaderPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderPolicy.class);
  private static final Duration SIX_MONTHS = Duration.ofDays(182);

  /** The name of the header that tells browsers where to send Reporting API reports. */
  public static final String REPORTING_ENDPOINTS = "Reporting-Endpoints";

  /**
   * The Reporting API endpoint name Bulwark defines ({@code Reporting-Endpoints:
   * csp-endpoint="<report path>"}) when a configured policy says {@code report-to csp-endpoint}.
   */
  public static final String REPORT_TO_GROUP = "csp-endpoint";

  private final boolean enabled;
  private final String[] names;
  private final String[] values;
  /** Per header: whether the value is configured (replaces the application's) or a default. */
  private final boolean[] replace;
  private final boolean htmlCspReplaces;
  private final boolean apiCspReplaces;
  private final boolean reportOnlyReplaces;
  private volatile Set<String> deferred = Set.of();
  private final String hsts;
  /** The HTML policies as configured; kept so that {@link #reportUnder} can put the report path under a context path. */
  private final ContentSecurityPolicy htmlParsed;
  private final ContentSecurityPolicy reportOnlyParsed;
  private final boolean upgrade;
  private final boolean reportTo;
  private final String reportPath;
  private volatile CspTemplate htmlCsp;
  private volatile CspTemplate htmlCspSecure;
  private volatile CspTemplate reportOnly;
  private volatile CspTemplate reportOnlySecure;
  private final String apiCsp;
  private volatile String reportingEndpoints;
  private final String cacheControl;
  private final Set<String> removed;
  private final List<String> unrecognisedFeatures;

  private HeaderPolicy(HeadersConfig config, String prefix) {
    this.enabled = config.enabled();
    Set<RiskySetting> allowed =
        config.allowRisky().isEmpty() ? EnumSet.noneOf(RiskySetting.class) : EnumSet.copyOf(config.allowRisky());
    HeadersConfig defaults = HeadersConfig.defaults();
    List<String[]> always = new ArrayList<>();
    add(always, "X-Content-Type-Options", config.contentTypeOptions(), defaults.contentTypeOptions());
    add(always, "X-Frame-Options", config.frameOptions(), defaults.frameOptions());
    add(always, "Referrer-Policy", config.referrerPolicy(), defaults.referrerPolicy());
    add(always, "Permissions-Policy", config.permissionsPolicy(), defaults.permissionsPolicy());
    add(always, "Cross-Origin-Opener-Policy", config.crossOriginOpenerPolicy(), defaults.crossOriginOpenerPolicy());
    add(always, "Cross-Origin-Resource-Policy", config.crossOriginResourcePolicy(), defaults.crossOriginResourcePolicy());
    add(always, "Cross-Origin-Embedder-Policy", config.crossOriginEmbedderPolicy(), defaults.crossOriginEmbedderPolicy());
    add(always, "X-Permitted-Cross-Domain-Policies", config.permittedCrossDomainPolicies(), defaults.permittedCrossDomainPolicies());
    add(always, "X-DNS-Prefetch-Control", config.dnsPrefetchControl(), defaults.dnsPrefetchControl());
    this.names = always.stream().map(entry -> entry[0]).toArray(String[]::new);
    this.values = always.stream().map(entry -> entry[1]).toArray(String[]::new);
    this.replace = new boolean[always.size()];
    for (int i = 0; i < replace.length; i++) {
      replace[i] = always.get(i)[2] != null;
    }
    CspConfig defaultCsp = defaults.csp();
    this.htmlCspReplaces = !config.csp().htmlPolicy().equals(defaultCsp.htmlPolicy());
    this.apiCspReplaces = !config.csp().apiPolicy().equals(defaultCsp.apiPolicy());
    this.reportOnlyReplaces = !config.csp().reportOnlyPolicy().equals(defaultCsp.reportOnlyPolicy());

    List<String> unknownFeatures = PermissionsPolicyFeatures.unrecognised(config.permissionsPolicy());
    if (!unknownFeatures.isEmpty()) {
      // Not fatal: another browser may know the name. Chromium logs an error on every page for it.
      LOG.warn(
          "{}.permissions-policy names {}, which Chromium does not recognise; it logs an error in the"
              + " console of every page for each. Remove them unless your users' browsers know them.",
          prefix,
          unknownFeatures);
    }
    this.unrecognisedFeatures = List.copyOf(unknownFeatures);

    HstsConfig hstsConfig = config.hsts();
    if (hstsConfig.enabled() && hstsConfig.maxAge().compareTo(SIX_MONTHS) < 0) {
      checkRisk(
          allowed,
          RiskySetting.SHORT_HSTS,
          prefix + ".hsts.max-age",
          "is " + Durations.format(hstsConfig.maxAge())
              + ", under six months; browsers forget HTTPS-only too soon (the OWASP value is 730d)");
    }
    this.hsts = hstsConfig.enabled() ? hstsConfig.headerValue() : null;

    CspConfig csp = config.csp();
    boolean reporting = csp.enabled() && !csp.reportPath().isEmpty();
    if (csp.enabled()) {
      ContentSecurityPolicy html = lint(csp.htmlPolicy(), prefix + ".csp.html-policy", allowed);
      ContentSecurityPolicy api = lint(csp.apiPolicy(), prefix + ".csp.api-policy", allowed);
      ContentSecurityPolicy reportOnlyPolicy =
          lint(csp.reportOnlyPolicy(), prefix + ".csp.report-only-policy", allowed);
      // Only a policy that opts in to the Reporting API itself gets the endpoint: Chromium then
      // queues its reports instead of posting them (see withAdditions).
      this.reportTo = reporting && (namesReportToGroup(html) || namesReportToGroup(reportOnlyPolicy));
      this.htmlParsed = html;
      this.reportOnlyParsed = reportOnlyPolicy;
      this.upgrade = csp.upgradeInsecureRequests();
      this.reportPath = reporting ? csp.reportPath() : null;
      compileHtml("");
      this.apiCsp =
          api == null ? null : api.toString().replace("'nonce-" + ContentSecurityPolicy.NONCE_PLACEHOLDER + "'", "");
    } else {
      this.reportTo = false;
      this.htmlParsed = null;
      this.reportOnlyParsed = null;
      this.upgrade = false;
      this.reportPath = null;
      this.reportingEndpoints = null;
      this.htmlCsp = null;
      this.htmlCspSecure = null;
      this.reportOnly = null;
      this.reportOnlySecure = null;
      this.apiCsp = null;
    }
    this.cacheControl = config.cacheControl().isEmpty() ? null : config.cacheControl();
    Set<String> remove = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    remove.addAll(config.remove());
    this.removed = Collections.unmodifiableSet(remove);
  }

  /**
   * Compiles and lints a configuration.
   *
   * @param config the settings
   * @param prefix the property prefix they were bound from, for messages ({@code bulwark.headers})
   * @throws ConfigException if a policy does not parse or holds a risky setting not allowed
   */
  public static HeaderPolicy compile(HeadersConfig config, String prefix) {
    return new HeaderPolicy(config, prefix);
  }

  /** Adds a header to write; the third element is non-null when the value is not the default. */
  private static void add(List<String[]> headers, String name, String value, String defaultValue) {
    if (!value.isEmpty()) {
      headers.add(new String[] {name, value, value.equals(defaultValue) ? null : "configured"});
    }
  }

  private static boolean namesReportToGroup(ContentSecurityPolicy policy) {
    return policy != null
        && policy.directives().getOrDefault("report-to", List.of()).contains(REPORT_TO_GROUP);
  }

  /**
   * Appends Bulwark's directives to a configured policy, each only if the policy lacks it: a
   * directive written twice is ignored by browsers the second time, and the lint refuses it in
   * configuration for that reason.
   *
   * <p>Reports go by {@code report-uri} alone. With {@code report-to} present, Chromium ignores
   * {@code report-uri} and hands its reports to the Reporting API, which batches them and, in a
   * drop-in test on Chromium, delivered none within 75 seconds; with {@code report-uri} alone it
   * posts each report ({@code application/csp-report}) at once. Firefox and Safari read {@code
   * report-uri} either way.
   */
  private static String withAdditions(ContentSecurityPolicy policy, boolean upgrade, String reportPath) {
    StringBuilder out = new StringBuilder(policy.toString());
    Map<String, List<String>> directives = policy.directives();
    if (upgrade && !directives.containsKey("upgrade-insecure-requests")) {
      out.append("; upgrade-insecure-requests");
    }
    if (reportPath != null && !directives.containsKey("report-uri")) {
      out.append("; report-uri ").append(reportPath);
    }
    return out.toString();
  }

  /** Parses and lints a configured policy; {@code null} for one without directives (no header). */
  private static ContentSecurityPolicy lint(String policy, String property, Set<RiskySetting> allowed) {
    if (policy.isEmpty()) {
      return null;
    }
    ContentSecurityPolicy parsed;
    try {
      parsed = ContentSecurityPolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(property, e.getMessage(), e);
    }
    for (RiskySetting risk : parsed.risks()) {
      String why =
          switch (risk) {
            case UNSAFE_INLINE -> "contains 'unsafe-inline', which lets injected inline scripts run;"
                + " use the per-response nonce ('nonce-{nonce}') instead";
            case UNSAFE_EVAL -> "contains 'unsafe-eval', which turns strings into code";
            case WILDCARD -> "allows any host or a whole scheme (*, https:, data:) as a source of"
                + " scripts or content";
            case SHORT_HSTS -> "has a short HSTS max-age";
          };
      checkRisk(allowed, risk, property, why);
    }
    // only separators and blanks: no policy, as if it were empty
    return parsed.directives().isEmpty() ? null : parsed;
  }

  private static void checkRisk(Set<RiskySetting> allowed, RiskySetting risk, String property, String why) {
    String name = risk.name().toLowerCase(Locale.ROOT).replace('_', '-');
    if (allowed.contains(risk)) {
      LOG.warn(
          "RISKY SETTING ALLOWED: {} {}. It is accepted because bulwark.headers.allow-risky lists {}.",
          property,
          why,
          name);
      return;
    }
    throw new ConfigException(
        property,
        why + ". Fix the value, or accept the risk with bulwark.headers.allow-risky=" + name);
  }

  /** The HTML policies' header values, with the report path (when reporting is on) under {@code contextPath}. */
  private void compileHtml(String contextPath) {
    String path = reportPath == null ? null : contextPath + reportPath;
    this.reportingEndpoints = reportTo ? REPORT_TO_GROUP + "=\"" + path + "\"" : null;
    this.htmlCsp = htmlParsed == null ? null : new CspTemplate(withAdditions(htmlParsed, false, path));
    this.htmlCspSecure = htmlParsed == null ? null : new CspTemplate(withAdditions(htmlParsed, upgrade, path));
    this.reportOnly = reportOnlyParsed == null ? null : new CspTemplate(withAdditions(reportOnlyParsed, false, path));
    this.reportOnlySecure =
        reportOnlyParsed == null ? null : new CspTemplate(withAdditions(reportOnlyParsed, upgrade, path));
  }

  /**
   * Puts the report path of {@code report-uri} (and {@code Reporting-Endpoints}) under the
   * application's context path. Browsers resolve the path against the origin, while Bulwark receives
   * reports at the path within the application: under {@code server.servlet.context-path=/shop} the
   * header must say {@code /shop/bulwark/csp-report}, or every report ends at the origin's 404.
   * Called at start-up, before requests, by the servlet host; each call replaces the earlier one.
   *
   * @param contextPath the servlet context path: empty for the root, else {@code /} and the name,
   *     without a trailing {@code /}
   * @throws IllegalArgumentException for a context path that is not a plain path (it would end the
   *     header's directive)
   */
  public void reportUnder(String contextPath) {
    if (!contextPath.isEmpty() && !contextPath.matches("(/[A-Za-z0-9_.~%!$&'()*+=:@-]+)+")) {
      throw new IllegalArgumentException("context path '" + contextPath + "' is not a plain path");
    }
    compileHtml(contextPath);
  }

  /** Returns whether this policy writes headers at all. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Writes the headers for one response. A header the response already carries (the application or
   * a framework set it) keeps its value where Bulwark's would be its default; a configured value,
   * one that differs from the default, replaces it. HSTS is a setting of the host, not of one
   * response: it is always written on HTTPS. {@code Cache-Control} is written only when the
   * response has none. Headers {@linkplain #defer deferred} to the application are not written.
   *
   * @param kind what the response is, from its final content type
   * @param secure whether the client reached the service over HTTPS
   * @param localHost whether the request was for a loopback host (no HSTS there)
   * @param nonce the response's nonce; read only for HTML with a nonce policy
   * @param out the response
   */
  public void apply(ResponseKind kind, boolean secure, boolean localHost, CspNonce nonce, HeaderWriter out) {
    if (!enabled) {
      return;
    }
    Set<String> skip = deferred;
    boolean deferring = !skip.isEmpty();
    for (int i = 0; i < names.length; i++) {
      write(out, names[i], values[i], replace[i], deferring && skip.contains(names[i]));
    }
    if (hsts != null && secure && !localHost && !(deferring && skip.contains("Strict-Transport-Security"))) {
      out.set("Strict-Transport-Security", hsts);
    }
    boolean skipCsp = deferring && skip.contains("Content-Security-Policy");
    if (kind == ResponseKind.HTML) {
      CspTemplate enforced = secure ? htmlCspSecure : htmlCsp;
      if (enforced != null && !skipCsp && (htmlCspReplaces || !out.contains("Content-Security-Policy"))) {
        out.set("Content-Security-Policy", enforced.render(nonce));
      }
      CspTemplate trial = secure ? reportOnlySecure : reportOnly;
      if (trial != null
          && !(deferring && skip.contains("Content-Security-Policy-Report-Only"))
          && (reportOnlyReplaces || !out.contains("Content-Security-Policy-Report-Only"))) {
        out.set("Content-Security-Policy-Report-Only", trial.render(nonce));
      }
      if (reportingEndpoints != null && !out.contains(REPORTING_ENDPOINTS)) {
        out.set(REPORTING_ENDPOINTS, reportingEndpoints);
      }
    } else if (apiCsp != null && !skipCsp && (apiCspReplaces || !out.contains("Content-Security-Policy"))) {
      out.set("Content-Security-Policy", apiCsp);
    }
    if (cacheControl != null && !out.contains("Cache-Control")) {
      out.set("Cache-Control", cacheControl);
    }
  }

  private static void write(HeaderWriter out, String name, String value, boolean replace, boolean deferred) {
    if (!deferred && (replace || !out.contains(name))) {
      out.set(name, value);
    }
  }

  /**
   * Leaves headers to the application: Bulwark no longer writes them, so the application's own
   * setting (Spring Security's {@code http.headers(...)}, say) is the only one. Called at start-up,
   * before requests, by a host that found such settings; each call replaces the earlier set.
   *
   * @param headerNames header names as written ({@code X-Frame-Options}, {@code
   *     Content-Security-Policy}, {@code Strict-Transport-Security}, ...)
   */
  public void defer(Set<String> headerNames) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(headerNames);
    this.deferred = Collections.unmodifiableSet(names);
  }

  /** Returns the headers {@linkplain #defer deferred} to the application. */
  public Set<String> deferred() {
    return deferred;
  }

  /** Returns whether a header is on the remove list (case-insensitive, no allocation). */
  public boolean isRemoved(String name) {
    return enabled && removed.contains(name);
  }

  /**
   * Returns the {@code Permissions-Policy} feature names that Chromium does not recognise (logged
   * at start-up as a warning); empty for the default.
   */
  public List<String> unrecognisedPermissionsPolicyFeatures() {
    return unrecognisedFeatures;
  }

  /** Returns the headers on the remove list. */
  public Set<String> removed() {
    return removed;
  }

  /** A policy split around its nonce placeholders, so rendering is one exact-size concatenation. */
  private static final class CspTemplate {
    private final String[] parts;
    private final int literalLength;

    CspTemplate(String policy) {
      List<String> split = new ArrayList<>();
      int from = 0;
      int at;
      while ((at = policy.indexOf(ContentSecurityPolicy.NONCE_PLACEHOLDER, from)) >= 0) {
        split.add(policy.substring(from, at));
        from = at + ContentSecurityPolicy.NONCE_PLACEHOLDER.length();
      }
      split.add(policy.substring(from));
      this.parts = split.toArray(String[]::new);
      int length = 0;
      for (String part : parts) {
        length += part.length();
      }
      this.literalLength = length;
    }

    String render(CspNonce nonce) {
      if (parts.length == 1) {
        return parts[0];
      }
      String value = nonce.value();
      if (parts.length == 3) {
        // the usual shape (script-src and style-src nonces): one exact-size concatenation
        return parts[0] + value + parts[1] + value + parts[2];
      }
      StringBuilder out = new StringBuilder(literalLength + value.length() * (parts.length - 1));
      out.append(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        out.append(value).append(parts[i]);
      }
      return out.toString();
    }
  }
}
