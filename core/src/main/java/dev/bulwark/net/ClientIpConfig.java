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
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(ClientIpConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link ClientIpConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private List<String> trustedProxies;
    private ForwardedHeader header;
    private Integer ipv6Prefix;

    private Builder() {}

    private Builder(ClientIpConfig base) {
      trustedProxies = base.trustedProxies();
      header = base.header();
      ipv6Prefix = base.ipv6Prefix();
    }

    /** CIDR ranges of the proxies in front of the app, such as {@code 10.0.0.0/8}; default none. */
    public Builder trustedProxies(String... trustedProxies) {
      this.trustedProxies = List.of(trustedProxies);
      return this;
    }

    /**
     * Which header the proxies write: {@code x-forwarded-for} (default, with {@code X-Forwarded-Proto} and
     * {@code X-Forwarded-Host}) or {@code forwarded} (RFC 7239).
     */
    public Builder header(ForwardedHeader header) {
      this.header = header;
      return this;
    }

    /**
     * How many leading bits of an IPv6 address identify one client for keying, 64 by default (one customer
     * network).
     */
    public Builder ipv6Prefix(int ipv6Prefix) {
      this.ipv6Prefix = ipv6Prefix;
      return this;
    }

    /**
     * Returns the ClientIpConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public ClientIpConfig build() {
      return new ClientIpConfig(
          trustedProxies, header, ipv6Prefix);
    }
  }
}
