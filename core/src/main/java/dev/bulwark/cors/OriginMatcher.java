package dev.bulwark.cors;

import dev.bulwark.internal.Snippet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches {@code Origin} header values against a compiled allow-list of exact origins and
 * subdomain patterns ({@code https://*.example.com} matches {@code https://a.example.com} and
 * {@code https://a.b.example.com}, never {@code https://example.com.evil}).
 */
public final class OriginMatcher {

  private final List<String> exact = new ArrayList<>();
  private final List<String[]> suffixes = new ArrayList<>();
  private final boolean any;

  /** Compiles the allow-list; {@code *} alone allows any origin. */
  public OriginMatcher(List<String> origins) {
    boolean wildcard = false;
    for (String origin : origins) {
      String value = origin.trim().toLowerCase(Locale.ROOT);
      if (value.equals("*")) {
        wildcard = true;
      } else if (value.contains("://*.")) {
        int at = value.indexOf("://*.");
        suffixes.add(new String[] {value.substring(0, at + 3), value.substring(at + 5)});
      } else {
        exact.add(value);
      }
    }
    this.any = wildcard;
  }

  /**
   * Checks that an allow-list entry is an origin: scheme, host, optional port, nothing else.
   *
   * @throws IllegalArgumentException with a message that shows the expected form
   */
  public static void validate(String origin) {
    String value = origin.trim();
    if (value.equals("*")) {
      return;
    }
    if (!value.matches("(?i)[a-z][a-z0-9+.-]*://(\\*\\.)?[a-z0-9.-]+(:[0-9]{1,5})?")
        && !value.matches("(?i)[a-z][a-z0-9+.-]*://\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
      throw new IllegalArgumentException(
          "'" + Snippet.of(value) + "' is not an origin such as https://app.example.com (no path, no trailing"
              + " slash; a leading *. matches subdomains)");
    }
  }

  /** Returns whether the allow-list is {@code *}. */
  public boolean allowsAny() {
    return any;
  }

  /** Returns whether the allow-list is empty. */
  public boolean isEmpty() {
    return !any && exact.isEmpty() && suffixes.isEmpty();
  }

  /** Returns whether an Origin header value is allowed; {@code null} and {@code "null"} never are. */
  public boolean matches(String origin) {
    if (origin == null || origin.isEmpty() || origin.equals("null")) {
      return false;
    }
    if (any) {
      return true;
    }
    for (String candidate : exact) {
      if (candidate.length() == origin.length() && regionEquals(origin, 0, candidate)) {
        return true;
      }
    }
    for (String[] suffix : suffixes) {
      String scheme = suffix[0];
      String domain = suffix[1];
      int hostLength = origin.length() - scheme.length();
      if (regionEquals(origin, 0, scheme)
          && hostLength > domain.length() + 1
          && regionEquals(origin, origin.length() - domain.length(), domain)
          && origin.charAt(origin.length() - domain.length() - 1) == '.'
          && isHostLabels(origin, scheme.length(), origin.length() - domain.length() - 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compares part of an origin with a lower-case entry, folding ASCII letters only. Java's
   * case-insensitive comparisons fold Unicode too, which lets the Kelvin sign stand for {@code k};
   * browsers send origins in ASCII (host names punycoded), so anything else is not a match.
   */
  private static boolean regionEquals(String origin, int offset, String lower) {
    if (offset < 0 || offset + lower.length() > origin.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = origin.charAt(offset + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the range holds host labels: ASCII letters, digits and hyphens, non-empty, dot-separated. */
  private static boolean isHostLabels(String s, int from, int to) {
    int label = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        label++;
      } else {
        return false;
      }
    }
    return label > 0;
  }
}
