package dev.bulwark.readiness;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.cors.CorsConfig;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.path.PathOverride;
import dev.bulwark.ratelimit.RateLimitConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks that need nothing but Bulwark's configuration (and the deployment facts of the context). */
final class ConfigChecks implements ReadinessCheck {

  @Override
  public List<Finding> check(ReadinessContext context) {
    BulwarkConfig config = context.config();
    List<Finding> findings = new ArrayList<>();
    if (!config.enabled()) {
      // Every other protection is off with it; one finding says so without repeating each.
      findings.add(KnownFinding.BULWARK_DISABLED.finding("bulwark.enabled=false: no Bulwark protection is active."));
      return findings;
    }
    headers(config.headers(), findings);
    proxy(context, findings);
    cors(config.cors(), findings);
    if (!config.crossSite().enabled()) {
      findings.add(
          KnownFinding.CROSS_SITE_DISABLED.finding(
              "bulwark.cross-site.enabled=false: unsafe cross-site requests from browsers are not refused."));
    }
    if (!config.limits().enabled()) {
      findings.add(
          KnownFinding.REQUEST_LIMITS_DISABLED.finding(
              "bulwark.limits.enabled=false: request bodies, URLs and headers are not limited before parsing."));
    }
    if (!config.requestId().enabled()) {
      findings.add(KnownFinding.REQUEST_IDS_DISABLED.finding("bulwark.request-id.enabled=false: requests get no id."));
    }
    paths(config, findings);
    rateLimitStore(context, config.rateLimit(), findings);
    return findings;
  }

  private static void headers(HeadersConfig headers, List<Finding> findings) {
    if (!headers.enabled()) {
      findings.add(
          KnownFinding.HEADERS_DISABLED.finding(
              "bulwark.headers.enabled=false: no security header is written and leaky headers such as"
                  + " X-Powered-By are not removed."));
      return;
    }
    if (!headers.csp().enabled()) {
      findings.add(
          KnownFinding.CSP_DISABLED.finding("bulwark.headers.csp.enabled=false: responses carry no Content-Security-Policy."));
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("frame-options", headers.frameOptions());
    defaults.put("content-type-options", headers.contentTypeOptions());
    defaults.put("referrer-policy", headers.referrerPolicy());
    defaults.put("permissions-policy", headers.permissionsPolicy());
    defaults.put("cross-origin-opener-policy", headers.crossOriginOpenerPolicy());
    defaults.put("cross-origin-resource-policy", headers.crossOriginResourcePolicy());
    defaults.put("cache-control", headers.cacheControl());
    List<String> empty =
        defaults.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    if (!empty.isEmpty()) {
      findings.add(
          KnownFinding.SECURITY_HEADER_DISABLED.finding(
              empty.stream().map(name -> "bulwark.headers." + name).collect(Collectors.joining(", "))
                  + " set to empty: "
                  + (empty.size() == 1 ? "that header is" : "those headers are")
                  + " not sent.",
              "Remove the empty "
                  + empty.stream().map(name -> "bulwark.headers." + name + "=").collect(Collectors.joining(", "))
                  + " to get Bulwark's default back."));
    }
    if (!headers.allowRisky().isEmpty()) {
      findings.add(
          KnownFinding.RISKY_CSP_ALLOWED.finding(
              "bulwark.headers.allow-risky="
                  + headers.allowRisky().stream()
                      .map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                      .collect(Collectors.joining(","))
                  + " accepts a weakened policy that the start-up lint would refuse."));
    }
  }

  private static void proxy(ReadinessContext context, List<Finding> findings) {
    BulwarkConfig config = context.config();
    HeadersConfig headers = config.headers();
    Optional<String> proxy = context.behindTlsProxy();
    if (proxy.isEmpty()) {
      if (headers.enabled() && !headers.hsts().enabled()) {
        findings.add(KnownFinding.HSTS_DISABLED.finding("bulwark.headers.hsts.enabled=false: HSTS is not sent on HTTPS."));
      }
      return;
    }
    if (!headers.enabled() || !headers.hsts().enabled()) {
      String setting = headers.enabled() ? "bulwark.headers.hsts.enabled=false" : "bulwark.headers.enabled=false";
      findings.add(
          KnownFinding.HSTS_OFF_BEHIND_TLS_PROXY.finding(
              "Strict-Transport-Security is not sent (" + setting + ") although the service runs behind a"
                  + " TLS-terminating proxy (" + proxy.get() + ").",
              "Remove " + setting + " so browsers stay on HTTPS."));
    }
    if (!config.host().httpsRedirect()) {
      String fix =
          config.host().allowed().isEmpty()
              ? "Set bulwark.host.allowed to your host names (notes.example.com) and bulwark.host.https-redirect=true;"
                  + " if the proxy redirects already, acknowledge this finding."
              : "Set bulwark.host.https-redirect=true; if the proxy redirects already, acknowledge this finding.";
      findings.add(
          KnownFinding.HTTPS_REDIRECT_OFF_BEHIND_TLS_PROXY.finding(
              "bulwark.host.https-redirect is off although the service runs behind a TLS-terminating proxy ("
                  + proxy.get() + "): plain-HTTP requests are served.",
              fix));
    }
  }

  private static void cors(CorsConfig cors, List<Finding> findings) {
    if (!cors.enabled()) {
      findings.add(
          KnownFinding.CORS_DISABLED.finding(
              "bulwark.cors.enabled=false: Bulwark does not answer preflights or guard Access-Control-* headers."));
      return;
    }
    List<String> wildcards = cors.allowedOrigins().stream().filter(origin -> origin.contains("*")).toList();
    if (cors.allowCredentials() && !wildcards.isEmpty()) {
      findings.add(
          KnownFinding.CORS_CREDENTIALS_WILDCARD.finding(
              "bulwark.cors.allow-credentials=true with the wildcard origin pattern"
                  + (wildcards.size() == 1 ? " " : "s ")
                  + String.join(", ", wildcards)
                  + ": every matching subdomain can act as the signed-in user."));
    }
  }

  private static void paths(BulwarkConfig config, List<Finding> findings) {
    List<String> off = new ArrayList<>();
    for (int i = 0; i < config.paths().size(); i++) {
      PathOverride override = config.paths().get(i);
      String patterns = String.join(", ", override.patterns());
      if (Boolean.FALSE.equals(override.headers()) && config.headers().enabled()) {
        off.add("security headers on " + patterns + " (bulwark.paths[" + i + "].headers=false)");
      }
      if (Boolean.FALSE.equals(override.crossSite()) && config.crossSite().enabled()) {
        off.add("cross-site protection on " + patterns + " (bulwark.paths[" + i + "].cross-site=false)");
      }
    }
    if (config.crossSite().enabled() && !config.crossSite().bypassPaths().isEmpty()) {
      off.add(
          "cross-site protection on "
              + String.join(", ", config.crossSite().bypassPaths())
              + " (bulwark.cross-site.bypass-paths)");
    }
    if (!off.isEmpty()) {
      findings.add(KnownFinding.PROTECTION_OFF_ON_PATHS.finding("Off: " + String.join("; ", off) + "."));
    }
  }

  private static void rateLimitStore(ReadinessContext context, RateLimitConfig rateLimit, List<Finding> findings) {
    if (!rateLimit.enabled() || rateLimit.store() != RateLimitConfig.StoreType.LOCAL) {
      return;
    }
    context
        .multipleInstances()
        .ifPresent(
            reason ->
                findings.add(
                    KnownFinding.LOCAL_RATE_LIMIT_STORE_MULTI_INSTANCE.finding(
                        "Rate limits are kept in this JVM (bulwark.rate-limit.store=local) while several instances"
                            + " share traffic ("
                            + reason
                            + ").")));
  }
}
