package dev.bulwark.net;

import dev.bulwark.net.internal.IpLiterals;

/**
 * Turns a resolved client address ({@link ClientInfo#address()}) into what identifies the client
 * for rate limiting and address lists. IPv6 transition addresses carry the IPv4 address of the
 * client they stand for, and many clients share the transition network's leading bits, so such a
 * client is identified by its IPv4 address:
 *
 * <ul>
 *   <li>IPv4-mapped {@code ::ffff:a.b.c.d} and IPv4-compatible {@code ::a.b.c.d} (not {@code ::}
 *       or {@code ::1}): the last 32 bits;
 *   <li>NAT64, the well-known prefix {@code 64:ff9b::/96} and the local-use prefix {@code
 *       64:ff9b:1::/48} (RFC 6052, RFC 8215): the last 32 bits, as in a /96 translation prefix;
 *   <li>6to4 {@code 2002::/16} (RFC 3056): bits 16 to 48;
 *   <li>Teredo {@code 2001:0::/32} (RFC 4380): the last 32 bits, inverted.
 * </ul>
 *
 * <p>Every other IPv6 address is identified by its network prefix (one customer usually holds a
 * whole /64), and an IPv4 address by itself. Thread-safe and stateless.
 */
public final class ClientAddresses {

  private ClientAddresses() {}

  /**
   * Returns the IPv4 address an IPv6 transition address carries, as four bytes, or {@code null}
   * when the address (16 bytes, as from an IP literal) is none of the forms above. Four-byte
   * input gives {@code null}: it carries nothing, it is IPv4 already.
   */
  public static byte[] carriedIpv4(byte[] address) {
    if (address == null || address.length != 16) {
      return null;
    }
    int a0 = address[0] & 0xff;
    int a1 = address[1] & 0xff;
    if (a0 == 0x20 && a1 == 0x02) {
      return new byte[] {address[2], address[3], address[4], address[5]};
    }
    if (a0 == 0x20 && a1 == 0x01 && address[2] == 0 && address[3] == 0) {
      return new byte[] {(byte) ~address[12], (byte) ~address[13], (byte) ~address[14], (byte) ~address[15]};
    }
    if (a0 == 0x00 && a1 == 0x64 && (address[2] & 0xff) == 0xff && (address[3] & 0xff) == 0x9b) {
      boolean wellKnown = zero(address, 4, 12);
      boolean localUse = address[4] == 0 && address[5] == 1;
      return wellKnown || localUse ? last32(address) : null;
    }
    if (zero(address, 0, 10)) {
      boolean mapped = (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
      boolean compatible =
          address[10] == 0 && address[11] == 0 && !(zero(address, 12, 15) && (address[15] & 0xfe) == 0);
      return mapped || compatible ? last32(address) : null;
    }
    return null;
  }

  /**
   * Returns the key that identifies a client for rate limiting: an IPv4 address (carried ones
   * included) as a dotted quad; another IPv6 address as its network, {@code 2001:db8:1:2::/64};
   * text that is no IP address (a trusted proxy's {@code unknown} or obfuscated identifier, see
   * {@link ClientIpResolver}) as it is, which can never equal the key of an address.
   *
   * @param address a client address, as in {@link ClientInfo#address()}
   * @param ipv6Prefix the leading bits that identify one IPv6 client (1 to 128)
   */
  public static String key(String address, int ipv6Prefix) {
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      return address;
    }
    if (bytes.length == 4) {
      return IpLiterals.format(bytes);
    }
    byte[] carried = carriedIpv4(bytes);
    if (carried != null) {
      return IpLiterals.format(carried);
    }
    for (int i = 0; i < 16; i++) {
      int keep = Math.max(0, Math.min(8, ipv6Prefix - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    return IpLiterals.format(bytes) + "/" + ipv6Prefix;
  }

  /**
   * Returns whether a client address falls in any of the ranges, either itself or by the IPv4
   * address it carries: a blocked IPv4 client stays blocked when it arrives through NAT64, and a
   * range of IPv6 addresses such as {@code 2002::/16} still matches every address in it. Text that
   * is no IP address matches nothing.
   */
  public static boolean inAny(String address, Cidr[] ranges) {
    if (ranges.length == 0) {
      return false;
    }
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      return false;
    }
    byte[] carried = carriedIpv4(bytes);
    for (Cidr range : ranges) {
      if (range.contains(bytes) || (carried != null && range.contains(carried))) {
        return true;
      }
    }
    return false;
  }

  private static boolean zero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] last32(byte[] address) {
    return new byte[] {address[12], address[13], address[14], address[15]};
  }
}
