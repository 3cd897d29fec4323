package dev.bulwark.headers;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.internal.JsonReader;
import dev.bulwark.internal.LogThrottle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Bulwark does with a CSP violation report once a host has read its body (the classic {@code
 * application/csp-report} and the Reporting API's {@code application/reports+json}, which may batch
 * several): counts each violation as {@code csp_violation}, hands it to a listener (the adoption
 * report), and logs a bounded number, with the directive and only the origin of what was blocked.
 * Any page can send reports, so a flood costs neither disk nor CPU. Thread-safe.
 */
public final class CspReports {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.csp");
  private static final int MAX_SAMPLE = 40;

  private final SecurityEvents events;
  private final Consumer<CspViolation> listener;
  private final LogThrottle logs = LogThrottle.tenPerMinute();

  /** @param events where reports are counted */
  public CspReports(SecurityEvents events) {
    this(events, violation -> {});
  }

  /**
   * @param events where reports are counted
   * @param listener receives every violation read from a report
   */
  public CspReports(SecurityEvents events, Consumer<CspViolation> listener) {
    this.events = events;
    this.listener = listener;
  }

  /** Reads, counts and maybe logs one report body (its first {@code length} bytes). */
  public void received(byte[] body, int length) {
    List<CspViolation> violations = parse(new String(body, 0, length, StandardCharsets.UTF_8));
    if (violations.isEmpty()) {
      // Not a report we can read: still counted, as a browser may send a shape we do not know.
      violations = List.of(new CspViolation("?", "?", "?", "", true));
    }
    for (CspViolation violation : violations) {
      events.record(SecurityEvent.CSP_VIOLATION);
      listener.accept(violation);
      if (logs.tryAcquire()) {
        long dropped = logs.drainSuppressed();
        LOG.warn(
            "CSP violation{}: directive={} blocked={} page={}{}",
            violation.enforced() ? "" : " (report-only)",
            violation.directive(),
            violation.blocked(),
            violation.page(),
            dropped > 0 ? " (" + dropped + " more reports not logged)" : "");
      }
    }
  }

  /** The violations in a report body; empty when it is not one. */
  static List<CspViolation> parse(String text) {
    Object json;
    try {
      json = JsonReader.read(text);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    List<CspViolation> found = new ArrayList<>(1);
    if (json instanceof Map<?, ?> classic && classic.get("csp-report") instanceof Map<?, ?> report) {
      found.add(violation(report, "effective-directive", "violated-directive", "blocked-uri", "document-uri", "script-sample"));
    } else if (json instanceof List<?> batch) {
      for (Object item : batch) {
        if (item instanceof Map<?, ?> entry
            && "csp-violation".equals(entry.get("type"))
            && entry.get("body") instanceof Map<?, ?> report) {
          found.add(violation(report, "effectiveDirective", "violatedDirective", "blockedURL", "documentURL", "sample"));
        }
        if (found.size() == 100) {
          break;
        }
      }
    }
    return found;
  }

  private static CspViolation violation(
      Map<?, ?> report, String effective, String violated, String blocked, String document, String sample) {
    String directive = text(report.get(effective));
    if (directive.isEmpty()) {
      // CSP2 browsers send the whole directive ("script-src 'self'"): its name is enough.
      String whole = text(report.get(violated));
      int space = whole.indexOf(' ');
      directive = space < 0 ? whole : whole.substring(0, space);
    }
    String code = text(report.get(sample));
    return new CspViolation(
        directive.matches("[a-z-]{1,40}") ? directive : "?",
        blocked(text(report.get(blocked))),
        path(text(report.get(document))),
        code.length() > MAX_SAMPLE ? code.substring(0, MAX_SAMPLE) : code,
        !"report".equals(report.get("disposition")));
  }

  private static String text(Object value) {
    return value instanceof String string ? string : "";
  }

  /** {@code inline}, {@code eval}, a scheme, or the origin of a URL: never its path or query. */
  static String blocked(String uri) {
    if (uri.isEmpty()) {
      return "?";
    }
    if (uri.matches("[a-z-]{1,20}")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      int colon = uri.indexOf(':');
      return colon > 0 && uri.substring(0, colon).matches("[a-z][a-z0-9+.-]{0,19}") ? uri.substring(0, colon) : "?";
    }
    int end = uri.indexOf('/', scheme + 3);
    String origin = end < 0 ? uri : uri.substring(0, end);
    return origin.replaceAll("[^a-zA-Z0-9:/.\\[\\]-]", "");
  }

  /** The path of a page's URL, without its query or fragment. */
  static String path(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return "?";
    }
    int slash = url.indexOf('/', scheme + 3);
    if (slash < 0) {
      return "/";
    }
    String path = url.substring(slash);
    int cut = path.length();
    for (char c : new char[] {'?', '#'}) {
      int at = path.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    path = path.substring(0, cut);
    return path.length() > 200 ? path.substring(0, 200) : path;
  }
}
