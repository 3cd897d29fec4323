package dev.bulwark.readiness;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lists Bulwark's protections with their state, for the report. */
final class Protections {

  private Protections() {}

  static List<Protection> of(BulwarkConfig config) {
    List<Protection> list = new ArrayList<>();
    boolean on = config.enabled();
    HeadersConfig headers = config.headers();
    boolean headersOn = on && headers.enabled();
    list.add(protection(config, "security-headers", "security headers", headersOn, "", "bulwark.headers.enabled=true"));
    list.add(
        protection(
            config,
            "content-security-policy",
            "Content-Security-Policy",
            headersOn && headers.csp().enabled(),
            headers.csp().reportOnlyPolicy().isEmpty() ? "per-response nonces" : "per-response nonces, report-only policy too",
            "bulwark.headers.csp.enabled=true"));
    list.add(
        protection(
            config,
            "hsts",
            "HSTS (on HTTPS)",
            headersOn && headers.hsts().enabled(),
            headers.hsts().headerValue(),
            "bulwark.headers.hsts.enabled=true"));
    list.add(
        protection(
            config,
            "cors",
            "CORS allow-list",
            on && config.cors().enabled(),
            config.cors().allowedOrigins().isEmpty()
                ? "no cross-origin access"
                : String.join(", ", config.cors().allowedOrigins()),
            "bulwark.cors.enabled=true"));
    list.add(
        protection(
            config,
            "cross-site",
            "cross-site request protection",
            on && config.crossSite().enabled(),
            config.crossSite().bypassPaths().isEmpty()
                ? ""
                : "except " + String.join(", ", config.crossSite().bypassPaths()),
            "bulwark.cross-site.enabled=true"));
    list.add(
        protection(
            config,
            "host-allow-list",
            "Host allow-list",
            on && !config.host().allowed().isEmpty(),
            String.join(", ", config.host().allowed()),
            "bulwark.host.allowed=<your host names>"));
    list.add(
        protection(
            config,
            "https-redirect",
            "HTTPS redirect",
            on && config.host().httpsRedirect(),
            "308 to port " + config.host().httpsPort(),
            "bulwark.host.https-redirect=true (with bulwark.host.allowed)"));
    list.add(
        protection(
            config,
            "rate-limit",
            "rate limiting",
            on && config.rateLimit().enabled(),
            "store "
                + config.rateLimit().store().name().toLowerCase(Locale.ROOT)
                + (config.rateLimit().store() == RateLimitConfig.StoreType.REDIS
                    ? " at " + config.rateLimit().redis().redactedUri() + (config.rateLimit().redis().cluster() ? " (cluster)" : "")
                    : "")
                + ", rules "
                + config.rateLimit().rules().stream().map(RateLimitRule::name).collect(Collectors.joining(", ")),
            "bulwark.rate-limit.enabled=true"));
    list.add(
        protection(
            config,
            "request-limits",
            "request limits",
            on && config.limits().enabled(),
            "body " + config.limits().maxBodyBytes() + " bytes, URL " + config.limits().maxUrlLength()
                + ", " + config.limits().maxHeaderCount() + " headers",
            "bulwark.limits.enabled=true"));
    list.add(
        protection(
            config,
            "request-ids",
            "request ids",
            on && config.requestId().enabled(),
            config.requestId().header(),
            "bulwark.request-id.enabled=true"));
    return List.copyOf(list);
  }

  private static Protection protection(
      BulwarkConfig config, String id, String name, boolean on, String detail, String turnOn) {
    if (on) {
      return new Protection(id, name, true, detail);
    }
    return new Protection(id, name, false, config.enabled() ? "turn on: " + turnOn : "bulwark.enabled=false");
  }
}
