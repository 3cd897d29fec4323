package dev.bulwark.readiness;

import java.util.Locale;
import java.util.Optional;

/**
 * Every finding Bulwark's own checks report, with its severity, what it means and the usual fix.
 * The README's table of findings lists the same; a test keeps the two in step. A check reports a
 * concrete {@link Finding} through {@link #finding(String)}, naming the setting it found.
 */
public enum KnownFinding {
  /** {@code bulwark.enabled=false}. */
  BULWARK_DISABLED(
      Severity.HIGH,
      "Bulwark is switched off (bulwark.enabled=false): no protection is active.",
      "Remove bulwark.enabled=false; if one protection gets in the way, switch off only that one."),
  /** {@code bulwark.headers.enabled=false}. */
  HEADERS_DISABLED(
      Severity.HIGH,
      "Security headers are off: no CSP, HSTS, X-Frame-Options or nosniff, and leaky headers stay.",
      "Remove bulwark.headers.enabled=false; change single headers through bulwark.headers.* or per path"
          + " with bulwark.paths[n].headers."),
  /** {@code bulwark.headers.csp.enabled=false}. */
  CSP_DISABLED(
      Severity.MEDIUM,
      "Content-Security-Policy is off: an injected script runs.",
      "Remove bulwark.headers.csp.enabled=false; loosen bulwark.headers.csp.html-policy (or one path's csp)"
          + " instead, trying it first as report-only-policy."),
  /** {@code bulwark.headers.hsts.enabled=false}, not behind a TLS proxy. */
  HSTS_DISABLED(
      Severity.LOW,
      "HSTS is off; harmless on plain HTTP, a gap as soon as the service is reached over HTTPS.",
      "Remove bulwark.headers.hsts.enabled=false before serving over HTTPS."),
  /** HSTS not sent while behind a TLS-terminating proxy. */
  HSTS_OFF_BEHIND_TLS_PROXY(
      Severity.HIGH,
      "Behind a TLS-terminating proxy, HSTS is not sent: browsers keep trying plain HTTP first, open to"
          + " SSL stripping.",
      "Remove bulwark.headers.hsts.enabled=false (and bulwark.headers.enabled=false)."),
  /** HTTPS redirect off while behind a TLS-terminating proxy. */
  HTTPS_REDIRECT_OFF_BEHIND_TLS_PROXY(
      Severity.MEDIUM,
      "Behind a TLS-terminating proxy, plain-HTTP requests are served instead of redirected to HTTPS.",
      "Set bulwark.host.allowed to your host names and bulwark.host.https-redirect=true; if the proxy"
          + " redirects already, acknowledge this finding."),
  /** {@code bulwark.cors.enabled=false}. */
  CORS_DISABLED(
      Severity.LOW,
      "Bulwark's CORS handling is off; whatever CORS the framework or application does applies.",
      "Remove bulwark.cors.enabled=false, or acknowledge this finding if your framework's CORS"
          + " configuration is deliberate."),
  /** Credentials allowed for wildcard origin patterns. */
  CORS_CREDENTIALS_WILDCARD(
      Severity.MEDIUM,
      "CORS sends credentials to wildcard origin patterns: any subdomain, including a forgotten or taken-over"
          + " one, can act as the signed-in user.",
      "List exact origins in bulwark.cors.allowed-origins, or set bulwark.cors.allow-credentials=false."),
  /** {@code bulwark.cross-site.enabled=false}. */
  CROSS_SITE_DISABLED(
      Severity.HIGH,
      "Cross-site request protection is off: another site can post forms with the user's cookies.",
      "Remove bulwark.cross-site.enabled=false; exempt single endpoints such as webhooks with"
          + " bulwark.cross-site.bypass-paths."),
  /** {@code bulwark.limits.enabled=false}. */
  REQUEST_LIMITS_DISABLED(
      Severity.MEDIUM,
      "Request limits are off: huge bodies, URLs and header floods reach the application's parsers.",
      "Remove bulwark.limits.enabled=false; raise a single limit (bulwark.limits.max-body-bytes) instead."),
  /** {@code bulwark.request-id.enabled=false}. */
  REQUEST_IDS_DISABLED(
      Severity.LOW,
      "Request ids are off: a user's error report cannot be matched to the server's log lines.",
      "Remove bulwark.request-id.enabled=false."),
  /** Per-path overrides or bypass paths that switch a protection off. */
  PROTECTION_OFF_ON_PATHS(
      Severity.LOW,
      "Security headers or cross-site protection are off on some paths.",
      "Keep such overrides to the paths that need them (a webhook receiver), or remove them."),
  /** A default security header set to empty. */
  SECURITY_HEADER_DISABLED(
      Severity.LOW,
      "A security header that Bulwark sends by default is set to empty and not sent.",
      "Remove the empty bulwark.headers.<header>= setting to get the default back."),
  /** {@code bulwark.headers.allow-risky} lists weakened policies. */
  RISKY_CSP_ALLOWED(
      Severity.MEDIUM,
      "Risky header settings are accepted through bulwark.headers.allow-risky (unsafe-inline, unsafe-eval,"
          + " wildcard sources, short HSTS).",
      "Move inline scripts and styles to files or give them the nonce, then drop the allow-risky entries."),
  /** The local rate-limit store while several instances share traffic. */
  LOCAL_RATE_LIMIT_STORE_MULTI_INSTANCE(
      Severity.MEDIUM,
      "Rate limits are kept per instance while several instances share traffic: each client gets the limit"
          + " once per instance, and a penalty block does not follow it.",
      "Set bulwark.rate-limit.store=redis; if only one instance serves traffic, declare"
          + " bulwark.readiness.instances=1."),
  /** A rate-limit key taken from a header that no verifier checks, before any principal. */
  CLIENT_CHOSEN_RATE_LIMIT_KEY(
      Severity.MEDIUM,
      "A rate-limit rule keys by a request header that the client chooses freely and nothing checks: a"
          + " client that invents a new value for each request gets a fresh bucket each time and is never"
          + " limited.",
      "Register a RateLimitKeyVerifier for the header (a Spring bean, or META-INF/services with the servlet"
          + " drop-in) so values the application did not issue fall back to the client's address; or key by"
          + " principal first on paths that require sign-in."),
  /** An inline script element in a template that the HTML policy blocks. */
  INLINE_SCRIPT_BLOCKED(
      Severity.LOW,
      "An inline script element in a template has no nonce the policy accepts and no listed hash: the browser does"
          + " not run it.",
      "Give it the nonce (th:nonce=\"${cspNonce}\" in Thymeleaf, nonce=\"${cspNonce}\" in JSP, or"
          + " bulwark.headers.csp.template-nonces=true), move it to a file, or add its 'sha256-...' hash to"
          + " script-src."),
  /** An inline style element in a template that the HTML policy blocks. */
  INLINE_STYLE_BLOCKED(
      Severity.LOW,
      "An inline style element in a template has no nonce the policy accepts and no listed hash: the browser does"
          + " not apply it.",
      "Give it the nonce (th:nonce=\"${cspNonce}\", nonce=\"${cspNonce}\" in JSP, or"
          + " bulwark.headers.csp.template-nonces=true), move it to a stylesheet, or add its 'sha256-...' hash"
          + " to style-src."),
  /** A style attribute in a template that the HTML policy blocks. */
  STYLE_ATTRIBUTE_BLOCKED(
      Severity.LOW,
      "A style=\"...\" attribute in a template is blocked by the policy: the browser ignores it.",
      "Move the declarations to a class in a stylesheet, or add 'unsafe-hashes' and the value's"
          + " 'sha256-...' hash to style-src."),
  /** An event-handler attribute in a template that the HTML policy blocks. */
  EVENT_HANDLER_BLOCKED(
      Severity.LOW,
      "An event-handler attribute (onclick=\"...\") in a template is blocked by the policy: it never runs.",
      "Attach the handler with addEventListener from a script file or a script with the nonce, or add"
          + " 'unsafe-hashes' and the value's 'sha256-...' hash to script-src."),
  /** A javascript: URL in a template that the HTML policy blocks. */
  JAVASCRIPT_URL_BLOCKED(
      Severity.LOW,
      "A javascript: URL in a template is blocked by the policy: following it does nothing.",
      "Move the code to a listener (addEventListener on the link or button, from a script file or a script"
          + " with the nonce): no CSP source short of 'unsafe-inline' allows a javascript: URL."),
  /** Sensitive Actuator endpoints reachable over HTTP without authentication. */
  ACTUATOR_EXPOSED_UNAUTHENTICATED(
      Severity.HIGH,
      "Sensitive Actuator endpoints (env, heapdump, beans, configprops, loggers, threaddump, shutdown, ...)"
          + " are exposed over HTTP without authentication.",
      "Expose only what you need (management.endpoints.web.exposure.include=health,info,prometheus) and"
          + " require a role for the management path in Spring Security, or bind management to loopback"
          + " (management.server.address=127.0.0.1)."),
  /** A password, secret, token or key written literally in a configuration file. */
  LITERAL_SECRET(
      Severity.HIGH,
      "A password, secret, token or key is written literally in a configuration file, so it lives in the"
          + " repository and every image built from it.",
      "Reference the environment instead (password: ${DB_PASSWORD}) or a secret store, and rotate the"
          + " secret that was committed."),
  /** Stack traces, exception names or messages in error responses. */
  ERROR_DETAILS_EXPOSED(
      Severity.MEDIUM,
      "Error responses may carry stack traces, exception names or messages, which map the code for an"
          + " attacker.",
      "Remove server.error.include-stacktrace, include-message and include-exception (their defaults"
          + " are never/false); on Jetty, ErrorHandler.setShowStacks(false)."),
  /** Debug or trace logging. */
  DEBUG_LOGGING(
      Severity.MEDIUM,
      "Debug or trace logging is on: request data, headers and SQL parameters can land in the logs, and the"
          + " volume costs.",
      "Log at INFO in production: remove debug=true and trace=true, set logging.level.root=info (or the"
          + " root level of your SLF4J backend)."),
  /** Spring Boot DevTools on the class path. */
  DEV_TOOLS_ON_CLASSPATH(
      Severity.MEDIUM,
      "Spring Boot DevTools is on the class path: development settings, a restart class loader and, with"
          + " spring.devtools.remote.secret, a remote update endpoint.",
      "Declare spring-boot-devtools as <optional>true</optional> (Maven) or developmentOnly (Gradle) so it"
          + " is not packaged."),
  /** A database web console. */
  DATABASE_CONSOLE_ENABLED(
      Severity.HIGH,
      "A database web console (H2) is served: whoever reaches it can read and change the data, or run code.",
      "Remove spring.h2.console.enabled=true (or the H2 console servlet) from production configuration.");

  private final Severity severity;
  private final String summary;
  private final String fix;

  KnownFinding(Severity severity, String summary, String fix) {
    this.severity = severity;
    this.summary = summary;
    this.fix = fix;
  }

  /** The finding's id, such as {@code literal-secret}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** How severe the finding is. */
  public Severity severity() {
    return severity;
  }

  /** What the finding means, in general terms. */
  public String summary() {
    return summary;
  }

  /** The usual fix. */
  public String fix() {
    return fix;
  }

  /** Returns a concrete finding with the usual fix. */
  public Finding finding(String message) {
    return new Finding(id(), severity, message, fix);
  }

  /** Returns a concrete finding with a fix specific to what was found. */
  public Finding finding(String message, String specificFix) {
    return new Finding(id(), severity, message, specificFix);
  }

  /** Returns the known finding with an id, if any. */
  public static Optional<KnownFinding> byId(String id) {
    for (KnownFinding known : values()) {
      if (known.id().equals(id)) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }
}
