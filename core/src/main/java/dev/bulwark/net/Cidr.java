package dev.bulwark.net;

import dev.bulwark.net.internal.IpLiterals;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}. A bare
 * address is a network of one. IPv4-mapped IPv6 addresses match IPv4 networks.
 */
public final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Parses CIDR notation. Host bits below the prefix are ignored ({@code 10.1.2.3/8} is {@code
   * 10.0.0.0/8}).
   *
   * @throws IllegalArgumentException if the text is not an address with an optional prefix length
   */
  public static Cidr of(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    byte[] address = IpLiterals.parse(slash < 0 ? value : value.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          "'" + abbreviate(value) + "' is not an IP address or CIDR range such as 10.0.0.0/8");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (value.substring(0, slash).contains(":") && address.length == 4 && prefix >= 96) {
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + abbreviate(value) + "' has a prefix length outside 0.." + bits);
      }
    }
    return new Cidr(mask(address, prefix), prefix);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  /** Returns whether the address bytes (4 or 16, as from an IP literal) fall in this network. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int m = 0xff << (8 - rest);
    return (address[full] & 0xff & m) == (network[full] & 0xff & m);
  }

  /** Returns whether a textual address falls in this network; text that is no address is not. */
  public boolean contains(String address) {
    return contains(IpLiterals.parse(address));
  }

  /** Returns the prefix length in bits. */
  public int prefix() {
    return prefix;
  }

  private static String abbreviate(String value) {
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }

  @Override
  public String toString() {
    return IpLiterals.format(network) + "/" + prefix;
  }
}
