package dev.bulwark.headers;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.internal.LogThrottle;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Bulwark does with a CSP violation report once a host has read its body (the classic {@code
 * application/csp-report} and the Reporting API's {@code application/reports+json}): counts it as
 * {@code csp_violation} and logs a bounded number, with the directive and only the origin of what
 * was blocked. Any page can send reports, so a flood costs neither disk nor CPU. Thread-safe.
 */
public final class CspReports {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.csp");
  private static final Pattern DIRECTIVE =
      Pattern.compile("\"(?:effective-directive|effectiveDirective|violated-directive)\"\\s*:\\s*\"([a-zA-Z0-9 -]{1,60})\"");
  private static final Pattern BLOCKED =
      Pattern.compile("\"(?:blocked-uri|blockedURL)\"\\s*:\\s*\"([^\"\\\\]{0,300})\"");

  private final SecurityEvents events;
  private final LogThrottle logs = LogThrottle.tenPerMinute();

  /** @param events where reports are counted */
  public CspReports(SecurityEvents events) {
    this.events = events;
  }

  /** Counts and maybe logs one report body (its first {@code length} bytes). */
  public void received(byte[] body, int length) {
    events.record(SecurityEvent.CSP_VIOLATION);
    if (logs.tryAcquire()) {
      String text = new String(body, 0, length, StandardCharsets.UTF_8);
      long dropped = logs.drainSuppressed();
      LOG.warn(
          "CSP violation: directive={} blocked={}{}",
          find(DIRECTIVE, text),
          originOnly(find(BLOCKED, text)),
          dropped > 0 ? " (" + dropped + " more reports not logged)" : "");
    }
  }

  private static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : "?";
  }

  /** Keeps the scheme and host of a blocked URL: paths and queries may hold personal data. */
  static String originOnly(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url.length() > 20 ? "?" : url.replaceAll("[^a-zA-Z0-9:-]", "");
    }
    int end = url.indexOf('/', scheme + 3);
    String origin = end < 0 ? url : url.substring(0, end);
    return origin.replaceAll("[^a-zA-Z0-9:/.\\[\\]-]", "");
  }
}
