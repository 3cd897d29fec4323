package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.net.ClientIpConfig.ForwardedHeader;
import dev.bulwark.net.internal.IpLiterals;
import dev.bulwark.testing.FuzzFields;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes client address resolution from the RFC 7239 {@code Forwarded} header. Quoted strings,
 * escapes and malformed elements make a model as long as the parser, so this test checks what must
 * hold whatever the header says: the client is a canonical literal that the header or the peer
 * supplied (the peer only without the header), or a name that is no address when the chosen
 * element names none; an untrusted peer is always the client; and an element appended by the
 * trusted proxy (for an untrusted client) decides the result whatever the client wrote before it,
 * quotes left open included.
 *
 * <p>Input lines: trusted proxies, peer, Forwarded, Host, connection secure, and an address the
 * proxy appends as {@code , for=<address>} in a second resolution.
 */
class ClientIpResolverForwardedFuzzTest {

  @FuzzTest
  void neverTakesAnAddressTheChainDidNotVouchFor(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<Cidr> trusted = ClientIpResolverXffFuzzTest.validRanges(in.list(0));
    String peer = in.nullable(1);
    String forwarded = in.nullable(2);
    String host = in.nullable(3);
    boolean secure = in.flag(4);
    ClientIpResolver resolver =
        ClientIpResolver.compile(
            new ClientIpConfig(trusted.stream().map(Cidr::toString).toList(), ForwardedHeader.FORWARDED, null));

    ClientInfo info = resolver.resolve(peer, secure, headers(forwarded, host)::get);

    byte[] peerBytes = ClientIpResolverXffFuzzTest.parsePeer(peer);
    if (trusted.isEmpty() || peerBytes == null || !ClientIpResolverXffFuzzTest.isTrusted(trusted, peerBytes)) {
      assertThat(info.address()).isEqualTo(ClientIpResolverXffFuzzTest.canonicalPeer(peer));
      assertThat(info.secure()).isEqualTo(secure);
      assertThat(info.host()).isEqualTo(host == null ? "" : host);
      assertThat(info.forwardedByUntrustedPeer()).isEqualTo(forwarded != null);
      return;
    }

    byte[] resolved = IpLiterals.parse(info.address());
    if (forwarded == null) {
      assertThat(resolved).as("without the header, the proxy is the client").isEqualTo(peerBytes);
    }
    if (resolved == null) {
      // a hop that is no address names the client itself, never as an address
      assertThat(info.address()).matches("unknown|_[A-Za-z0-9._-]{1,63}");
    } else if (!Arrays.equals(resolved, peerBytes)) {
      assertThat(IpLiterals.format(resolved)).isEqualTo(info.address());
      assertThat(forwarded).isNotNull();
      assertThat(appearsIn(forwarded, resolved) || appearsIn(forwarded.replace("\\", ""), resolved))
          .as("the client's address is written in the header")
          .isTrue();
    }
    if (info.secure() && !secure) {
      assertThat(forwarded.replace("\\", "").toLowerCase(Locale.ROOT)).contains("https");
    }
    if (!info.host().equals(host == null ? "" : host)) {
      assertThat(forwarded).isNotNull();
    }

    // The proxy appends the untrusted client it saw: that client, whatever is left of it.
    byte[] appended = IpLiterals.parse(in.get(5));
    if (appended != null && !ClientIpResolverXffFuzzTest.isTrusted(trusted, appended)) {
      String value = forwarded == null ? "" : forwarded + ", ";
      String literal = IpLiterals.format(appended);
      String element = literal.contains(":") ? "for=\"[" + literal + "]\"" : "for=" + literal;
      ClientInfo second = resolver.resolve(peer, secure, headers(value + element, host)::get);
      // whatever the client wrote to its left, quotes left open included
      assertThat(second.address()).isEqualTo(literal);
    }
  }

  private static Map<String, String> headers(String forwarded, String host) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (forwarded != null) {
      headers.put("Forwarded", forwarded);
    }
    if (host != null) {
      headers.put("Host", host);
    }
    return headers;
  }

  /**
   * Returns whether some run of up to 45 characters of the text parses to the address. Runs start
   * where a value can: not right after a hex digit, dot or colon, since the resolver reads whole
   * values and never the tail of a longer literal.
   */
  private static boolean appearsIn(String text, byte[] address) {
    for (int from = 0; from < text.length(); from++) {
      if (from > 0 && isLiteralChar(text.charAt(from - 1))) {
        continue;
      }
      for (int to = from + 2; to <= Math.min(text.length(), from + 45); to++) {
        byte[] parsed = IpLiterals.parse(text, from, to);
        // never Arrays.equals with null here: Jazzer 0.24's hook for it crashes the JVM (SIGSEGV)
        if (parsed != null && Arrays.equals(parsed, address)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isLiteralChar(char c) {
    return (c < 0x80 && Character.digit(c, 16) >= 0) || c == '.' || c == ':';
  }
}
