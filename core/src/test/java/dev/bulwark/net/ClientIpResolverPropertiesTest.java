package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.net.ClientIpConfig.ForwardedHeader;
import dev.bulwark.net.internal.IpLiterals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;

class ClientIpResolverPropertiesTest {

  private static final ClientIpResolver XFF =
      ClientIpResolver.compile(
          new ClientIpConfig(List.of("10.0.0.0/8", "fd00::/8"), ForwardedHeader.X_FORWARDED_FOR, null));
  private static final ClientIpResolver FORWARDED =
      ClientIpResolver.compile(new ClientIpConfig(List.of("10.0.0.0/8", "fd00::/8"), ForwardedHeader.FORWARDED, null));

  private static HeaderLookup lookup(Map<String, String> headers) {
    Map<String, String> lower = new HashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
    return name -> lower.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Client addresses outside the trusted ranges, in the forms a proxy may write. */
  @Provide
  Arbitrary<byte[]> untrustedAddress() {
    return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofSize(4),
            Arbitraries.bytes().array(byte[].class).ofSize(16))
        .filter(bytes -> !XFF.isTrusted(IpLiterals.parse(IpLiterals.format(bytes))));
  }

  @Provide
  Arbitrary<String> attackerText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.strings().withChars("0123456789abcdef.:,[]\" ;=").ofMaxLength(80),
        Arbitraries.of(
            "10.0.0.5", "127.0.0.1", "::1", "fd00::1", "unknown", "for=10.0.0.1", "1.2.3.4, 10.0.0.9",
            // attempts to glue the proxy's entry onto an address of the attacker's choosing
            "for=\"1.2.3.4:", "for=\"[1.2.3.4]", "for=\"[1.2.3.4]:", "for=\"[2001:db8::66]:1", "for=\"1.2.3.4:_x",
            "for=1.2.3.4;proto=\"", "\"[1.2.3.4]", "\"1.2.3.4:"),
        Arbitraries.strings().withChars(",").ofMaxLength(40));
  }

  @Property
  void attackerTextLeftOfTheProxyEntryNeverMovesTheClient(
      @ForAll("attackerText") String garbage,
      @ForAll("untrustedAddress") byte[] client,
      @ForAll boolean secure) {
    String appended = IpLiterals.format(client);
    String expected = IpLiterals.format(IpLiterals.parse(appended));
    String header = garbage + ", " + appended;
    ClientInfo info = XFF.resolve("10.0.0.1", secure, lookup(Map.of("X-Forwarded-For", header)));
    assertThat(info.address()).isEqualTo(expected);
    assertThat(info.forwardedByUntrustedPeer()).isFalse();
  }

  @Property
  void attackerElementsLeftOfTheProxyElementNeverMoveTheClient(
      @ForAll("attackerText") String garbage, @ForAll("untrustedAddress") byte[] client) {
    String appended = IpLiterals.format(client);
    String expected = IpLiterals.format(IpLiterals.parse(appended));
    String element = appended.contains(":") ? "for=\"[" + appended + "]\"" : "for=" + appended;
    String header = garbage + ", " + element;
    ClientInfo info = FORWARDED.resolve("10.0.0.1", false, lookup(Map.of("Forwarded", header)));
    // the elements are split from the right: a quote the attacker leaves open spoils only its own part
    assertThat(info.address()).isEqualTo(expected);
  }

  @Property
  void untrustedPeersAlwaysKeepTheirOwnAddress(
      @ForAll("attackerText") String forwardedFor, @ForAll("untrustedAddress") byte[] peer) {
    String peerText = IpLiterals.format(peer);
    ClientInfo info = XFF.resolve(peerText, false, lookup(Map.of("X-Forwarded-For", forwardedFor)));
    assertThat(info.address()).isEqualTo(IpLiterals.format(IpLiterals.parse(peerText)));
    assertThat(info.forwardedByUntrustedPeer()).isTrue();
  }

  @Property
  void resolveNeverThrows(
      @ForAll @WithNull(0.2) @StringLength(max = 60) String remote,
      @ForAll @WithNull(0.2) @StringLength(max = 120) String forwardedFor,
      @ForAll @WithNull(0.2) @StringLength(max = 120) String forwarded,
      @ForAll @WithNull(0.2) @StringLength(max = 40) String proto,
      @ForAll @WithNull(0.2) @StringLength(max = 40) String forwardedHost,
      @ForAll @WithNull(0.2) @StringLength(max = 40) String host,
      @ForAll boolean secure) {
    Map<String, String> headers = new HashMap<>();
    put(headers, "X-Forwarded-For", forwardedFor);
    put(headers, "Forwarded", forwarded);
    put(headers, "X-Forwarded-Proto", proto);
    put(headers, "X-Forwarded-Host", forwardedHost);
    put(headers, "Host", host);
    for (ClientIpResolver resolver : List.of(XFF, FORWARDED)) {
      for (String peer : new String[] {remote, "10.0.0.1", "[fd00::1]", "fd00::2"}) {
        ClientInfo info = resolver.resolve(peer, secure, lookup(headers));
        assertThat(info).isNotNull();
        assertThat(info.address()).isNotNull();
        assertThat(info.host()).isNotNull();
        assertThat(info.hostName()).isNotNull();
        info.isLocalHost();
      }
    }
  }

  @Property
  void resolveNeverThrowsOnHeaderShapedInput(
      @ForAll("headerShaped") String forwardedFor, @ForAll("headerShaped") String forwarded) {
    Map<String, String> headers = Map.of("X-Forwarded-For", forwardedFor, "Forwarded", forwarded);
    assertThat(XFF.resolve("10.0.0.1", false, lookup(headers)).address()).isNotNull();
    assertThat(FORWARDED.resolve("10.0.0.1", false, lookup(headers)).address()).isNotNull();
  }

  @Provide
  Arbitrary<String> headerShaped() {
    return Arbitraries.strings().withChars("0123456789abcdefor.:,[]\";= \\_").ofMaxLength(150);
  }

  @Property
  void resolvedAddressIsAlwaysCanonicalOrANameThatIsNoAddress(@ForAll("headerShaped") String forwardedFor) {
    ClientInfo info = XFF.resolve("10.0.0.1", false, lookup(Map.of("X-Forwarded-For", forwardedFor)));
    byte[] parsed = IpLiterals.parse(info.address());
    if (parsed == null) {
      assertThat(info.address()).matches("unknown|_[A-Za-z0-9._-]{1,63}");
    } else {
      assertThat(IpLiterals.format(parsed)).isEqualTo(info.address());
    }
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }
}
