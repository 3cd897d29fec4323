package dev.bulwark.net.internal;

/**
 * Parses IP address literals without ever touching DNS ({@code InetAddress.getByName} would
 * resolve a host name taken from a request header). IPv4-mapped IPv6 addresses come back as four
 * bytes, so {@code ::ffff:192.0.2.1} and {@code 192.0.2.1} are one client.
 */
public final class IpLiterals {

  private IpLiterals() {}

  /**
   * Returns the address bytes (4 or 16) of a literal, or {@code null} if the text is not exactly
   * one IPv4 or IPv6 address. Leading zeros in IPv4 parts are refused, as some parsers read them
   * as octal.
   */
  public static byte[] parse(CharSequence text, int from, int to) {
    while (from < to && text.charAt(from) == ' ') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == ' ') {
      to--;
    }
    if (to - from < 2 || to - from > 45) {
      return null;
    }
    boolean colon = false;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ':') {
        colon = true;
        break;
      }
    }
    if (!colon) {
      byte[] v4 = new byte[4];
      return parseIpv4(text, from, to, v4, 0) ? v4 : null;
    }
    byte[] v6 = parseIpv6(text, from, to);
    if (v6 == null) {
      return null;
    }
    if (isMappedIpv4(v6)) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    return v6;
  }

  /** Parses a whole string; see {@link #parse(CharSequence, int, int)}. */
  public static byte[] parse(String text) {
    return text == null ? null : parse(text, 0, text.length());
  }

  private static boolean isMappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static boolean parseIpv4(CharSequence s, int from, int to, byte[] out, int offset) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return false;
        }
        out[offset + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false;
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return part == 4;
  }

  private static byte[] parseIpv6(CharSequence s, int from, int to) {
    byte[] out = new byte[16];
    int groups = 0;
    int gapAt = -1;
    int i = from;
    if (s.charAt(i) == ':') {
      if (to - i < 2 || s.charAt(i + 1) != ':') {
        return null;
      }
      gapAt = 0;
      i += 2;
      if (i == to) {
        return out;
      }
    }
    while (i < to) {
      if (groups == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < to && hexDigit(s.charAt(i)) >= 0 && i - start < 4) {
        value = (value << 4) | hexDigit(s.charAt(i));
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // embedded IPv4 in the last 32 bits
        if (groups > 6 || !parseIpv4(s, start, to, out, groups * 2)) {
          return null;
        }
        groups += 2;
        i = to;
        break;
      }
      if (i == start) {
        return null;
      }
      out[groups * 2] = (byte) (value >>> 8);
      out[groups * 2 + 1] = (byte) value;
      groups++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gapAt >= 0) {
          return null;
        }
        gapAt = groups;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return null;
      }
    }
    if (gapAt < 0) {
      return groups == 8 ? out : null;
    }
    if (groups == 8) {
      return null;
    }
    int tail = groups - gapAt;
    int shift = 8 - groups;
    for (int g = tail - 1; g >= 0; g--) {
      int src = (gapAt + g) * 2;
      int dst = (gapAt + g + shift) * 2;
      out[dst] = out[src];
      out[dst + 1] = out[src + 1];
    }
    for (int g = gapAt; g < gapAt + shift; g++) {
      out[g * 2] = 0;
      out[g * 2 + 1] = 0;
    }
    return out;
  }

  /** Returns the value of an ASCII hex digit, or -1 (Character.digit also accepts non-ASCII digits). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Formats address bytes: dotted quad, or RFC 5952 compressed IPv6. */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int g = 0; g < 8; ) {
      if (group(address, g) == 0) {
        int start = g;
        while (g < 8 && group(address, g) == 0) {
          g++;
        }
        if (g - start > bestLength && g - start > 1) {
          bestStart = start;
          bestLength = g - start;
        }
      } else {
        g++;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(group(address, g)));
    }
    return out.toString();
  }

  private static int group(byte[] a, int g) {
    return ((a[g * 2] & 0xff) << 8) | (a[g * 2 + 1] & 0xff);
  }
}
