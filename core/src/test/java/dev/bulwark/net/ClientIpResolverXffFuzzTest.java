package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.net.ClientIpConfig.ForwardedHeader;
import dev.bulwark.net.internal.IpLiterals;
import dev.bulwark.testing.FuzzFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes client address resolution from {@code X-Forwarded-For} (with {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host}) against a model of the documented walk: right to left over at most 32
 * hops, stopping at the first untrusted address and falling back to the previous hop (or the peer)
 * at the first entry that is not an address.
 *
 * <p>Input lines: trusted proxies (comma-separated; invalid ranges are dropped), peer address,
 * X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host, Host, connection secure ({@code t}/{@code
 * f}). A line {@code (null)} is an absent header.
 */
class ClientIpResolverXffFuzzTest {

  @FuzzTest
  void resolvesTheRightMostUntrustedHop(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<Cidr> trusted = validRanges(in.list(0));
    String peer = in.nullable(1);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    put(headers, "X-Forwarded-For", in.nullable(2));
    put(headers, "X-Forwarded-Proto", in.nullable(3));
    put(headers, "X-Forwarded-Host", in.nullable(4));
    put(headers, "Host", in.nullable(5));
    boolean secure = in.flag(6);
    ClientIpResolver resolver =
        ClientIpResolver.compile(
            new ClientIpConfig(trusted.stream().map(Cidr::toString).toList(), ForwardedHeader.X_FORWARDED_FOR, null));

    ClientInfo info = resolver.resolve(peer, secure, headers::get);

    byte[] peerBytes = parsePeer(peer);
    if (trusted.isEmpty() || peerBytes == null || !isTrusted(trusted, peerBytes)) {
      // the peer is the client; forwarded headers are only noted
      assertThat(info.address()).isEqualTo(canonicalPeer(peer));
      assertThat(info.secure()).isEqualTo(secure);
      assertThat(info.host()).isEqualTo(headers.getOrDefault("Host", ""));
      assertThat(info.forwardedByUntrustedPeer())
          .isEqualTo(headers.containsKey("X-Forwarded-For") || headers.containsKey("Forwarded"));
      return;
    }

    // The model: the hops right to left, each parsed alone, until an untrusted address or a hop
    // that is no address (which names the client itself: never the proxy's address).
    List<byte[]> hops = new ArrayList<>();
    String chain = headers.get("X-Forwarded-For");
    boolean unreadable = false;
    if (chain != null) {
      String[] pieces = chain.split(",", -1);
      for (int i = pieces.length - 1; i >= 0 && hops.size() < 32; i--) {
        byte[] hop = parseHop(pieces[i]);
        if (hop == null) {
          unreadable = true;
          break;
        }
        hops.add(hop);
        if (!isTrusted(trusted, hop)) {
          break;
        }
      }
    }
    assertThat(info.forwardedByUntrustedPeer()).isFalse();
    int clientHop = unreadable ? hops.size() : hops.size() - 1;
    if (unreadable) {
      assertThat(info.address()).as("a hop that is no address").matches("unknown|_[A-Za-z0-9._-]{1,63}");
      assertThat(IpLiterals.parse(info.address())).isNull();
    } else {
      byte[] expected = hops.isEmpty() ? peerBytes : hops.get(hops.size() - 1);
      assertThat(info.address()).isEqualTo(IpLiterals.format(expected));
      assertThat(chain == null || !hops.isEmpty()).as("a header present names the client").isTrue();
    }
    // Every hop to the right of the chosen one is a trusted proxy.
    for (int i = 0; i < clientHop; i++) {
      assertThat(isTrusted(trusted, hops.get(i))).isTrue();
    }

    // Proto and host come from the entry of the chosen hop, counted from the right like the
    // addresses (the left-most when the proxies wrote fewer entries).
    String proto = headers.get("X-Forwarded-Proto");
    if (proto == null) {
      assertThat(info.secure()).isEqualTo(secure);
    } else {
      assertThat(info.secure()).isEqualTo(entry(proto, clientHop).equalsIgnoreCase("https"));
    }
    String forwardedHost = headers.get("X-Forwarded-Host");
    if (forwardedHost == null) {
      assertThat(info.host()).isEqualTo(headers.getOrDefault("Host", ""));
    } else {
      assertThat(info.host()).isEqualTo(entry(forwardedHost, clientHop)).doesNotContain(",");
    }
  }

  private static String entry(String list, int hopFromRight) {
    String[] entries = list.split(",", -1);
    return entries[Math.max(0, entries.length - 1 - Math.max(0, hopFromRight))].trim();
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  static List<Cidr> validRanges(List<String> texts) {
    List<Cidr> ranges = new ArrayList<>();
    for (String text : texts) {
      try {
        ranges.add(Cidr.of(text));
      } catch (IllegalArgumentException e) {
        // not a range: leave it out, so that the resolver is always built
      }
    }
    return ranges;
  }

  static boolean isTrusted(List<Cidr> trusted, byte[] address) {
    return trusted.stream().anyMatch(cidr -> cidr.contains(address));
  }

  /** One hop as proxies write it: an address, quoted, {@code [v6]}, {@code [v6]:port} or {@code v4:port}. */
  static byte[] parseHop(String piece) {
    String hop = piece.replaceAll("^[ \"]+|[ \"]+$", "");
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? null : IpLiterals.parse(hop.substring(1, close));
    }
    int colon = hop.indexOf(':');
    if (colon >= 0 && colon == hop.lastIndexOf(':')) {
      return IpLiterals.parse(hop.substring(0, colon));
    }
    return IpLiterals.parse(hop);
  }

  static byte[] parsePeer(String peer) {
    if (peer != null && peer.length() > 2 && peer.startsWith("[") && peer.endsWith("]")) {
      return IpLiterals.parse(peer.substring(1, peer.length() - 1));
    }
    return IpLiterals.parse(peer);
  }

  /** The peer as reported: IP literals canonical, anything else (a Unix socket) as it came. */
  static String canonicalPeer(String peer) {
    if (peer == null) {
      return "";
    }
    byte[] bytes = parsePeer(peer);
    return bytes == null || !peer.contains(":") ? peer : IpLiterals.format(bytes);
  }
}
