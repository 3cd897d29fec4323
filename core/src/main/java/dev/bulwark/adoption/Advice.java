package dev.bulwark.adoption;

import dev.bulwark.headers.CspViolation;

/** The setting that allows what enforcing would refuse, or the change to make in the application. */
final class Advice {

  private Advice() {}

  /** For a refusal, by protection and reason (a problem's slug, or a rate-limit rule's name). */
  static String forRefusal(String protection, String reason) {
    return switch (protection) {
      case "https-redirect" ->
          "Serve the site over HTTPS (behind a proxy, list it in bulwark.client-ip.trusted-proxies so Bulwark sees"
              + " X-Forwarded-Proto), or set bulwark.host.https-redirect=false.";
      case "host" -> "Add the host the clients use to bulwark.host.allowed.";
      case "cross-site" ->
          "A browser page on another site posts here: add its origin to bulwark.cross-site.trusted-origins, or the"
              + " route to bulwark.cross-site.bypass-paths if it is a webhook that authenticates itself.";
      case "cors" ->
          "Add the calling origin to bulwark.cors.allowed-origins (and its method or header to allowed-methods or"
              + " allowed-headers).";
      case "blocklist" -> "The client's network is in bulwark.rate-limit.blocklist.";
      case "rate-limit" ->
          "too-many-concurrent-requests".equals(reason)
              ? "Raise bulwark.rate-limit.max-concurrent-requests, or put the client (a monitor, your office) in"
                  + " bulwark.rate-limit.safelist."
              : "Raise the limits of bulwark.rate-limit rule '" + reason + "', or put the client in"
                  + " bulwark.rate-limit.safelist if it is yours.";
      case "request-limits" -> forRequestLimit(reason);
      default -> "See the README section of " + protection + ".";
    };
  }

  private static String forRequestLimit(String reason) {
    return switch (reason) {
      case "method-not-allowed" -> "Add the method to bulwark.limits.allowed-methods.";
      case "url-too-long" -> "Raise bulwark.limits.max-url-length, or send the data in a body instead of the query.";
      case "headers-too-large" -> "Raise bulwark.limits.max-header-count or bulwark.limits.max-header-bytes (large cookies?).";
      case "body-too-large" ->
          "Raise bulwark.limits.max-body-bytes, or only for this route with bulwark.paths[n].max-body-bytes.";
      case "unsupported-media-type" ->
          "The route is in bulwark.limits.json-paths but the client sends another Content-Type: narrow json-paths, or"
              + " send application/json.";
      default ->
          "The client sent a malformed request (" + reason + "): nothing to allow; fix the client if it is yours.";
    };
  }

  /** For a CSP violation. */
  static String forViolation(CspViolation violation) {
    String directive = violation.directive();
    String blocked = violation.blocked();
    if ("inline".equals(blocked)) {
      if (directive.endsWith("-attr")) {
        return directive.startsWith("style")
            ? "A style=\"...\" attribute: move it to a class in a stylesheet, or add 'unsafe-hashes' and its hash to"
                + " style-src (the readiness report's style-attribute-blocked findings give file, line and hash)."
            : "An inline event handler (onclick=...): move it to a listener in a script file (the readiness"
                + " report's event-handler-blocked findings give file and line).";
      }
      String element = directive.startsWith("style") ? "style" : "script";
      String inTemplates =
          "An inline <" + element + ">: give it the nonce (th:nonce=\"${cspNonce}\" in Thymeleaf, or"
              + " bulwark.headers.csp.template-nonces=true for the templates' own elements), or add its hash to "
              + base(directive) + " in bulwark.headers.csp.html-policy (the readiness report's inline-" + element
              + "-blocked findings give file, line and hash).";
      return element.equals("style")
          ? inTemplates
              + " If no template holds it, a script inserts it at run time (a library's UI such as Swagger UI):"
              + " allow inline styles on that route only, with bulwark.paths[n].patterns and bulwark.paths[n].csp"
              + " holding style-src 'self' 'unsafe-inline' (and bulwark.headers.allow-risky=unsafe-inline), or serve"
              + " the library's styles from a file."
          : inTemplates
              + " If no template holds it, a script inserts it at run time: load that script with the nonce and add"
              + " 'strict-dynamic' to script-src, so the scripts it trusts may run.";
    }
    if ("eval".equals(blocked)) {
      return "The page turns strings into code (eval, new Function, setTimeout with a string): rewrite it, or add"
          + " 'unsafe-eval' to script-src and bulwark.headers.allow-risky=unsafe-eval.";
    }
    if ("?".equals(blocked)) {
      return "Read the browser console on " + violation.page() + " for what was blocked.";
    }
    return "Add " + (blocked.contains("://") ? blocked : blocked + ":") + " to " + base(directive)
        + " in bulwark.headers.csp.html-policy, or serve it from this origin.";
  }

  /** The directive a policy sets for an effective directive such as {@code script-src-elem}. */
  private static String base(String directive) {
    if (directive.endsWith("-elem") || directive.endsWith("-attr")) {
      return directive.substring(0, directive.length() - 5);
    }
    return directive;
  }
}
