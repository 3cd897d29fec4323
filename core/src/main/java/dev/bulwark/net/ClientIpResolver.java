package dev.bulwark.net;

import dev.bulwark.net.internal.ForwardedElements;
import dev.bulwark.net.internal.IpLiterals;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the client's address, scheme and host for a request. Forwarded headers are read only from
 * trusted proxies and walked right to left: each trusted proxy appends the address it saw, so the
 * first untrusted address from the right is the client, and anything further left is whatever the
 * client chose to send. Thread-safe; build one at start-up and share it.
 *
 * <p>The walk never ends in a trusted proxy's own address when a forwarded header is present: every
 * client behind that proxy would then share one rate-limit bucket (and its safelist entry, if it
 * has one). When the hop where the client should be is no IP address, the client is named by what
 * the trusted proxy wrote there, made safe: an RFC 7239 obfuscated identifier such as {@code
 * _hidden} is kept (ports dropped, at most 64 characters of {@code [A-Za-z0-9._-]},
 * others replaced by {@code -}); other text gets a leading {@code _}; RFC 7239's {@code unknown},
 * an empty hop, an element without {@code for} and a malformed element give {@code unknown}.
 * Neither form ever parses as an IP address, so such a client never shares a bucket with an
 * address, never matches a CIDR list and is never trusted; all clients a proxy reports as {@code
 * unknown} share one bucket, apart from the proxy's. Only the proxy-written hops are read this way:
 * a malformed entry further left is the client's own text and never reached (see {@link
 * ForwardedElements} for how the {@code Forwarded} header is split).
 */
public final class ClientIpResolver {

  private static final Logger LOG = LoggerFactory.getLogger(ClientIpResolver.class);
  private static final int MAX_HOPS = 32;
  private static final int MAX_OPAQUE = 64;

  /** The client of a hop that names none. */
  public static final String UNKNOWN = "unknown";

  private final Cidr[] trusted;
  private final ClientIpConfig.ForwardedHeader header;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final LongAdder untrustedForwarded = new LongAdder();

  private ClientIpResolver(ClientIpConfig config) {
    this.trusted = config.trustedProxies().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.header = config.header();
  }

  /** Compiles the configuration. */
  public static ClientIpResolver compile(ClientIpConfig config) {
    return new ClientIpResolver(config);
  }

  /**
   * Resolves one request.
   *
   * @param remoteAddress the socket peer's address, as the server reports it
   * @param connectionSecure whether the connection to this server is TLS
   * @param headers the request headers
   */
  public ClientInfo resolve(String remoteAddress, boolean connectionSecure, HeaderLookup headers) {
    String host = headers.get("Host");
    if (host == null) {
      host = "";
    }
    byte[] peer = trusted.length == 0 ? null : parsePeer(remoteAddress);
    if (peer == null || !isTrusted(peer)) {
      boolean forwarded = headers.get("X-Forwarded-For") != null || headers.get("Forwarded") != null;
      if (forwarded) {
        noteUntrusted(remoteAddress);
      }
      return new ClientInfo(canonical(remoteAddress), connectionSecure, host, forwarded);
    }
    return header == ClientIpConfig.ForwardedHeader.FORWARDED
        ? fromForwarded(peer, connectionSecure, host, headers)
        : fromXForwardedFor(peer, connectionSecure, host, headers);
  }

  /** Returns how many requests carried forwarded headers from an untrusted peer. */
  public long untrustedForwardedCount() {
    return untrustedForwarded.sum();
  }

  /** Returns whether an address (4 or 16 bytes) belongs to a trusted proxy. */
  public boolean isTrusted(byte[] address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private ClientInfo fromXForwardedFor(
      byte[] peer, boolean connectionSecure, String host, HeaderLookup headers) {
    String chain = headers.get("X-Forwarded-For");
    String client = IpLiterals.format(peer);
    int clientHop = -1;
    if (chain != null) {
      client = UNKNOWN;
      int end = chain.length();
      // An empty chain or an empty left-most entry is a hop that names no one, not the end of the walk.
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        int comma = chain.lastIndexOf(',', end - 1);
        byte[] ip = parseHop(chain, comma + 1, end);
        clientHop = hop;
        if (ip == null) {
          client = opaque(chain, comma + 1, end);
          break;
        }
        client = IpLiterals.format(ip);
        if (!isTrusted(ip) || comma < 0) {
          break;
        }
        end = comma;
      }
    }
    String proto = pick(headers.get("X-Forwarded-Proto"), clientHop);
    String forwardedHost = pick(headers.get("X-Forwarded-Host"), clientHop);
    boolean secure = proto == null ? connectionSecure : proto.trim().equalsIgnoreCase("https");
    return new ClientInfo(client, secure, forwardedHost == null ? host : forwardedHost.trim(), false);
  }

  private ClientInfo fromForwarded(
      byte[] peer, boolean connectionSecure, String host, HeaderLookup headers) {
    String value = headers.get("Forwarded");
    String client = IpLiterals.format(peer);
    ForwardedElements.Element chosen = null;
    if (value != null) {
      client = UNKNOWN;
      List<ForwardedElements.Element> elements = ForwardedElements.parse(value, MAX_HOPS);
      for (int i = elements.size() - 1; i >= 0; i--) {
        ForwardedElements.Element element = elements.get(i);
        chosen = element;
        String address = element.forAddress();
        byte[] ip = address == null ? null : parseHop(address, 0, address.length());
        if (ip == null) {
          client = address == null ? UNKNOWN : opaque(address, 0, address.length());
          break;
        }
        client = IpLiterals.format(ip);
        if (!isTrusted(ip)) {
          break;
        }
      }
    }
    boolean secure = connectionSecure;
    String resolvedHost = host;
    if (chosen != null) {
      if (chosen.proto() != null) {
        secure = chosen.proto().equalsIgnoreCase("https");
      }
      if (chosen.host() != null) {
        resolvedHost = chosen.host();
      }
    }
    return new ClientInfo(client, secure, resolvedHost, false);
  }

  /**
   * Names the client of a hop that is no IP address by what the proxy wrote, in a form that can
   * never parse as an address: see the class comment.
   */
  static String opaque(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '"')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '"')) {
      to--;
    }
    if (from < to && s.charAt(from) == '[') {
      int close = indexOf(s, ']', from, to);
      from++;
      to = close < 0 ? to : close;
    } else {
      int colon = indexOf(s, ':', from, to);
      if (colon >= 0 && indexOf(s, ':', colon + 1, to) < 0) {
        to = colon; // one colon: a node and its port, which would make every connection a client
      }
    }
    if (from < to && s.charAt(from) == '_') {
      from++;
    }
    to = Math.min(to, from + MAX_OPAQUE - 1);
    if (from >= to || (to - from == UNKNOWN.length() && s.regionMatches(true, from, UNKNOWN, 0, UNKNOWN.length()))) {
      return UNKNOWN;
    }
    StringBuilder out = new StringBuilder(to - from + 1).append('_');
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      out.append(safe ? c : '-');
    }
    return out.toString();
  }

  /**
   * Picks the entry of a comma-separated list that belongs to the client's hop, counting from the
   * right; when the proxies wrote fewer entries than hops, the left-most entry is the original.
   * Walking from the right matters: splitting from the left with a limit would leave the last
   * part holding every entry beyond the limit, commas and all.
   */
  private static String pick(String list, int hopFromRight) {
    if (list == null || list.indexOf(',') < 0) {
      return list;
    }
    int end = list.length();
    for (int hop = 0; hop < hopFromRight; hop++) {
      int comma = list.lastIndexOf(',', end - 1);
      if (comma < 0) {
        break;
      }
      end = comma;
    }
    return list.substring(list.lastIndexOf(',', end - 1) + 1, end).trim();
  }

  /** Parses one hop: an address, a quoted address, {@code [v6]:port} or {@code v4:port}. */
  static byte[] parseHop(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '"')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '"')) {
      to--;
    }
    if (from >= to) {
      return null;
    }
    if (s.charAt(from) == '[') {
      int close = s.indexOf(']', from);
      if (close < 0 || close >= to) {
        return null;
      }
      return IpLiterals.parse(s, from + 1, close);
    }
    int colon = indexOf(s, ':', from, to);
    if (colon >= 0 && indexOf(s, ':', colon + 1, to) < 0) {
      // exactly one colon: an IPv4 address with a port
      return IpLiterals.parse(s, from, colon);
    }
    return IpLiterals.parse(s, from, to);
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String canonical(String remoteAddress) {
    if (remoteAddress == null) {
      return "";
    }
    if (remoteAddress.indexOf(':') < 0) {
      return remoteAddress;
    }
    byte[] bytes = parsePeer(remoteAddress);
    return bytes == null ? remoteAddress : IpLiterals.format(bytes);
  }

  /** Parses the peer's address, which some servers (Jetty) report in brackets when it is IPv6. */
  private static byte[] parsePeer(String remoteAddress) {
    if (remoteAddress != null
        && remoteAddress.length() > 2
        && remoteAddress.charAt(0) == '['
        && remoteAddress.charAt(remoteAddress.length() - 1) == ']') {
      return IpLiterals.parse(remoteAddress, 1, remoteAddress.length() - 1);
    }
    return IpLiterals.parse(remoteAddress);
  }

  private void noteUntrusted(String remoteAddress) {
    untrustedForwarded.increment();
    if (warned.compareAndSet(false, true)) {
      LOG.warn(
          "Forwarded headers (X-Forwarded-For or Forwarded) arrived from {}, which is not a trusted"
              + " proxy, and were ignored. If the app runs behind a proxy or load balancer, list its"
              + " addresses in bulwark.client-ip.trusted-proxies; until then every client behind it"
              + " shares the proxy's address. This warning is logged once.",
          Redaction.truncateAddress(remoteAddress));
    }
  }
}
