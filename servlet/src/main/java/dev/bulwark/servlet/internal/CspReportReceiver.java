package dev.bulwark.servlet.internal;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import dev.bulwark.internal.LogThrottle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives CSP violation reports (the classic {@code application/csp-report} body and the Reporting
 * API's {@code application/reports+json}), counts every one and logs a bounded number: any page
 * can send reports, so a flood must cost neither disk nor CPU.
 */
public final class CspReportReceiver {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.csp");
  private static final int MAX_BODY = 16 * 1024;
  private static final Pattern DIRECTIVE =
      Pattern.compile("\"(?:effective-directive|effectiveDirective|violated-directive)\"\\s*:\\s*\"([a-zA-Z0-9 -]{1,60})\"");
  private static final Pattern BLOCKED =
      Pattern.compile("\"(?:blocked-uri|blockedURL)\"\\s*:\\s*\"([^\"\\\\]{0,300})\"");

  private final SecurityEvents events;
  private final LogThrottle logs = LogThrottle.tenPerMinute();

  public CspReportReceiver(SecurityEvents events) {
    this.events = events;
  }

  /** Reads, counts and maybe logs one report, then answers 204. */
  public void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = readBounded(request.getInputStream());
    events.record(SecurityEvent.CSP_VIOLATION);
    if (logs.tryAcquire()) {
      String text = new String(body, StandardCharsets.UTF_8);
      long dropped = logs.drainSuppressed();
      LOG.warn(
          "CSP violation: directive={} blocked={}{}",
          find(DIRECTIVE, text),
          originOnly(find(BLOCKED, text)),
          dropped > 0 ? " (" + dropped + " more reports not logged)" : "");
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] buffer = in.readNBytes(MAX_BODY);
    // drain the rest so the connection can be reused, without keeping it
    in.skip(Long.MAX_VALUE);
    return buffer;
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
