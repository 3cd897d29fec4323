package dev.bulwark.validate.internal;

import dev.bulwark.encode.Encode;
import dev.bulwark.net.internal.IpLiterals;
import dev.bulwark.validate.SafeUrl;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;
import java.util.Set;

/** Checks {@link SafeUrl}. */
public final class SafeUrlValidator implements ConstraintValidator<SafeUrl, CharSequence> {

  private Set<String> schemes;
  private boolean allowRelative;
  private int max;

  @Override
  public void initialize(SafeUrl annotation) {
    this.schemes = Set.of(annotation.schemes()).stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.allowRelative = annotation.allowRelative();
    this.max = annotation.max();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    String url = value.toString();
    if (url.isEmpty() || url.length() > max) {
      return false;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\') {
        return false;
      }
    }
    String safe = Encode.safeUrl(url);
    if (Encode.REFUSED_HREF.equals(safe)) {
      return false;
    }
    int colon = url.indexOf(':');
    int slash = url.indexOf('/');
    boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
    if (!hasScheme) {
      // a scheme-relative URL (//host/path) has an authority like an absolute one
      return allowRelative && (!url.startsWith("//") || validAuthority(url, 2));
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      return false;
    }
    if (url.startsWith("//", colon + 1)) {
      return validAuthority(url, colon + 3);
    }
    return !(scheme.equals("http") || scheme.equals("https"));
  }

  /**
   * Checks the authority that starts at {@code from}: a host and an optional port, and nothing
   * else. User information is refused whatever it holds: {@code https://good.example@evil.example}
   * shows one host and opens another, and credentials do not belong in a stored link. The host is
   * a bracketed IPv6 literal that parses, or a name of labels of letters (any script), digits,
   * {@code -} and {@code _} that start and end with a letter or digit; {@code %}-encoding and
   * anything a browser would reinterpret are refused.
   */
  static boolean validAuthority(String url, int from) {
    int end = from;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    if (url.lastIndexOf('@', end - 1) >= from) {
      return false;
    }
    int hostEnd;
    if (from < end && url.charAt(from) == '[') {
      int close = url.indexOf(']', from);
      if (close < 0 || close >= end) {
        return false;
      }
      byte[] address = IpLiterals.parse(url, from + 1, close);
      if (address == null || address.length != 16) {
        return false;
      }
      hostEnd = close + 1;
      if (hostEnd < end && url.charAt(hostEnd) != ':') {
        return false;
      }
    } else {
      hostEnd = url.indexOf(':', from);
      hostEnd = hostEnd < 0 || hostEnd > end ? end : hostEnd;
      if (!validName(url, from, hostEnd)) {
        return false;
      }
    }
    return hostEnd == end || validPort(url, hostEnd + 1, end);
  }

  /** Labels of letters, digits, {@code -} and {@code _}, each starting and ending with a letter or digit. */
  private static boolean validName(String url, int from, int to) {
    if (from < to && url.charAt(to - 1) == '.') {
      to--; // the root's empty label: "example.com."
    }
    if (from >= to || url.charAt(to - 1) == '.') {
      // empty, or an empty label before the root's: "h.."
      return false;
    }
    int previous = '.';
    for (int i = from; i < to; ) {
      int c = url.codePointAt(i);
      boolean alphanumeric = Character.isLetterOrDigit(c);
      boolean edge = previous == '.' || i + Character.charCount(c) == to || url.charAt(i + Character.charCount(c)) == '.';
      if (c == '.' ? previous == '.' : !(alphanumeric || (!edge && (c == '-' || c == '_')))) {
        return false;
      }
      previous = c;
      i += Character.charCount(c);
    }
    // A last label that starts with a digit makes browsers read the host as an IPv4 address
    // (WHATWG URL's "ends in a number"): then it must be one, never 1.2.3 or 0x7f.1 or a.1.
    int last = url.lastIndexOf('.', to - 1) + 1;
    if (last < from) {
      last = from;
    }
    char first = url.charAt(last);
    return first < '0' || first > '9' || IpLiterals.parse(url, from, to) != null;
  }

  private static boolean validPort(String url, int from, int to) {
    if (from >= to || to - from > 5) {
      return false;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = url.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }
}
