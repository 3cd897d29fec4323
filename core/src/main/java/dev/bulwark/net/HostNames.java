package dev.bulwark.net;

import dev.bulwark.net.internal.IpLiterals;

/** Small helpers for {@code Host} header values. */
public final class HostNames {

  private HostNames() {}

  /**
   * Removes a port from a host value: {@code example.com:8443} gives {@code example.com}, {@code
   * [::1]:8080} gives {@code [::1]}. ASCII letters come back in lower case; nothing else is folded,
   * since Unicode folding would turn the Kelvin sign into {@code k} and let a look-alike Host pass
   * for an allowed one.
   */
  public static String stripPort(String host) {
    if (host == null || host.isEmpty()) {
      return "";
    }
    int end = host.length();
    if (host.charAt(0) == '[') {
      int close = host.indexOf(']');
      end = close < 0 ? end : close + 1;
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(':') == colon) {
        end = colon;
      }
    }
    String name = host.substring(0, end);
    if (!hasUpper(name)) {
      return name;
    }
    char[] chars = name.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] += 'a' - 'A';
      }
    }
    return new String(chars);
  }

  private static boolean hasUpper(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a host name (without port) is a loopback name or address: {@code localhost},
   * anything under {@code .localhost}, {@code 127.0.0.0/8} or {@code [::1]}.
   */
  public static boolean isLocal(String hostName) {
    if (hostName.endsWith(".")) {
      hostName = hostName.substring(0, hostName.length() - 1);
    }
    if (hostName.equals("localhost") || hostName.endsWith(".localhost")) {
      return true;
    }
    String literal = hostName;
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    byte[] address = IpLiterals.parse(literal);
    if (address == null) {
      return false;
    }
    if (address.length == 4) {
      return address[0] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[15] == 1;
  }
}
