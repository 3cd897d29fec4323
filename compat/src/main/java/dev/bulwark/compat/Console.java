package dev.bulwark.compat;

import java.util.Locale;

/** Sorts browser console errors into the report's columns. */
final class Console {

  private Console() {}

  /** A CSP report (enforced or report-only) as Chromium words it: "Refused to ... Content Security Policy ...". */
  static boolean isCsp(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("content security policy") || m.contains("content-security-policy");
  }

  /**
   * Chromium's "Failed to load resource: ..." line, which repeats a failed request (counted in the
   * failed-requests column from the network log instead).
   */
  static boolean isFailedLoad(String message) {
    return message.contains("Failed to load resource");
  }
}
