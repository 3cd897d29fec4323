package dev.bulwark.limits;

import dev.bulwark.internal.Utf8Validator;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;

/**
 * Judges a request's raw query string before the container decodes it: every {@code %} starts
 * two hex digits, and the escaped bytes are well-formed UTF-8. Tomcat throws when it meets either
 * while it decodes parameters for the application (a 500 for {@code ?%} or {@code ?a=%ff} on any
 * path, Actuator's health included), so such a query is refused first with a 400.
 */
public final class QueryStrings {

  private QueryStrings() {}

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** Returns the problem a raw query string breaks, or {@code null} (also for none). Allocation-free for queries without escapes. */
  public static Problem check(String query) {
    if (query == null || query.indexOf('%') < 0) {
      return null;
    }
    Utf8Validator utf8 = new Utf8Validator();
    int length = query.length();
    for (int i = 0; i < length; i++) {
      char c = query.charAt(i);
      if (c == '%') {
        if (i + 2 >= length) {
          return Problems.malformedQuery();
        }
        if (!isHex(query.charAt(i + 1)) || !isHex(query.charAt(i + 2))) {
          return Problems.malformedQuery();
        }
        if (!utf8.accept(Character.digit(query.charAt(i + 1), 16) << 4 | Character.digit(query.charAt(i + 2), 16))) {
          return Problems.malformedQuery();
        }
        i += 2;
      } else if (c < 0x80 ? !utf8.accept(c) : !utf8.complete()) {
        // A literal character in the middle of an escaped multi-byte sequence cuts it short.
        return Problems.malformedQuery();
      }
    }
    return utf8.complete() ? null : Problems.malformedQuery();
  }
}
