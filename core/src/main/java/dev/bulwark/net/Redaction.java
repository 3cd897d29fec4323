package dev.bulwark.net;

import dev.bulwark.net.internal.IpLiterals;

/** Keeps personal data out of logs: client addresses are truncated before they are written. */
public final class Redaction {

  private Redaction() {}

  /**
   * Truncates an address to its network: the last octet of IPv4 ({@code 203.0.113.0}) and all but
   * the first 48 bits of IPv6. Text that is no address is replaced by {@code "?"}.
   */
  public static String truncateAddress(String address) {
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      return "?";
    }
    if (bytes.length == 4) {
      bytes[3] = 0;
    } else {
      for (int i = 6; i < 16; i++) {
        bytes[i] = 0;
      }
    }
    return IpLiterals.format(bytes);
  }
}
