package dev.bulwark.net;

import java.util.List;

/**
 * Which proxies may tell Bulwark the client's address and scheme ({@code bulwark.client-ip.*}).
 *
 * <p>With no trusted proxies (the default) the socket's peer address is the client and forwarded
 * headers are ignored, because any client can send them.
 *
 * @param trustedProxies CIDR ranges of the proxies in front of the app, such as {@code
 *     10.0.0.0/8}; default none
 * @param header which header the proxies write: {@code x-forwarded-for} (default, with {@code
 *     X-Forwarded-Proto} and {@code X-Forwarded-Host}) or {@code forwarded} (RFC 7239)
 * @param ipv6Prefix how many leading bits of an IPv6 address identify one client for keying, 64 by
 *     default (one customer network)
 */
public record ClientIpConfig(List<String> trustedProxies, ForwardedHeader header, Integer ipv6Prefix) {

  /** The header that trusted proxies write. */
  public enum ForwardedHeader {
    /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. */
    X_FORWARDED_FOR,
    /** The standard {@code Forwarded} header of RFC 7239. */
    FORWARDED
  }

  /** Applies defaults and checks every range. */
  public ClientIpConfig {
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    header = header == null ? ForwardedHeader.X_FORWARDED_FOR : header;
    ipv6Prefix = ipv6Prefix == null ? 64 : ipv6Prefix;
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("ipv6-prefix must be between 1 and 128");
    }
    for (String range : trustedProxies) {
      Cidr.of(range);
    }
  }

  /** The defaults: no trusted proxies. */
  public static ClientIpConfig defaults() {
    return new ClientIpConfig(null, null, null);
  }
}
