package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.net.ClientIpConfig.ForwardedHeader;
import dev.bulwark.net.internal.IpLiterals;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpResolverTest {

  static final String PROXY = "10.0.0.1";

  /** Headers looked up case-insensitively, like a servlet request. */
  static HeaderLookup headers(String... namesAndValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map::get;
  }

  static ClientIpResolver resolver(ForwardedHeader header, String... trusted) {
    return ClientIpResolver.compile(new ClientIpConfig(List.of(trusted), header, null));
  }

  static ClientIpResolver xff(String... trusted) {
    return resolver(ForwardedHeader.X_FORWARDED_FOR, trusted);
  }

  @Nested
  class WithoutTrustedProxies {

    private final ClientIpResolver resolver = ClientIpResolver.compile(ClientIpConfig.defaults());

    @Test
    void usesTheSocketPeer() {
      ClientInfo info = resolver.resolve("203.0.113.9", false, headers("Host", "example.com"));
      assertThat(info).isEqualTo(new ClientInfo("203.0.113.9", false, "example.com", false));
    }

    @Test
    void ignoresForwardedHeadersAndFlagsThem() {
      ClientInfo info =
          resolver.resolve(
              "203.0.113.9",
              false,
              headers(
                  "Host", "example.com",
                  "X-Forwarded-For", "198.51.100.1",
                  "X-Forwarded-Proto", "https",
                  "X-Forwarded-Host", "evil.example"));
      assertThat(info.address()).isEqualTo("203.0.113.9");
      assertThat(info.secure()).isFalse();
      assertThat(info.host()).isEqualTo("example.com");
      assertThat(info.forwardedByUntrustedPeer()).isTrue();
      assertThat(resolver.untrustedForwardedCount()).isEqualTo(1);
    }

    @Test
    void flagsTheForwardedHeaderToo() {
      ClientInfo info = resolver.resolve("203.0.113.9", true, headers("Forwarded", "for=198.51.100.1;proto=http"));
      assertThat(info.address()).isEqualTo("203.0.113.9");
      assertThat(info.secure()).isTrue();
      assertThat(info.forwardedByUntrustedPeer()).isTrue();
    }

    @Test
    void countsEveryUntrustedForwardedRequest() {
      for (int i = 0; i < 3; i++) {
        resolver.resolve("203.0.113.9", false, headers("X-Forwarded-For", "1.2.3.4"));
      }
      resolver.resolve("203.0.113.9", false, headers());
      assertThat(resolver.untrustedForwardedCount()).isEqualTo(3);
    }

    @Test
    void noForwardedHeadersIsNoFlag() {
      ClientInfo info = resolver.resolve("203.0.113.9", true, headers());
      assertThat(info).isEqualTo(new ClientInfo("203.0.113.9", true, "", false));
    }

    @ParameterizedTest
    @CsvSource({
      "0:0:0:0:0:0:0:1, ::1",
      "[::1], ::1",
      "[0:0:0:0:0:0:0:1], ::1",
      "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
      "::ffff:192.0.2.1, 192.0.2.1",
      "192.0.2.1, 192.0.2.1",
      "/tmp/app.sock, /tmp/app.sock",
      "unix:socket:path, unix:socket:path",
    })
    void canonicalizesThePeerAddress(String remote, String expected) {
      assertThat(resolver.resolve(remote, false, headers()).address()).isEqualTo(expected);
    }

    @Test
    void nullPeerBecomesEmpty() {
      assertThat(resolver.resolve(null, false, headers()).address()).isEmpty();
    }
  }

  @Nested
  class XForwardedFor {

    private final ClientIpResolver resolver = xff("10.0.0.0/8");

    @Test
    void takesTheAddressAppendedByTheTrustedProxy() {
      ClientInfo info = resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
      assertThat(info.forwardedByUntrustedPeer()).isFalse();
      assertThat(resolver.untrustedForwardedCount()).isZero();
    }

    @Test
    void clientIsTheFirstUntrustedAddressFromTheRight() {
      ClientInfo info =
          resolver.resolve(PROXY, false, headers("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2, 10.0.0.3"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
    }

    @Test
    void ignoresSpoofedLeftMostEntries() {
      ClientInfo info =
          resolver.resolve(PROXY, false, headers("X-Forwarded-For", "127.0.0.1, 10.9.9.9, 203.0.113.7"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
    }

    @Test
    void garbageInTheRightMostEntryNamesTheClientNeverTheProxy() {
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7, evil")).address())
          .isEqualTo("_evil");
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7, ")).address())
          .isEqualTo("unknown");
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "")).address()).isEqualTo("unknown");
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "unknown")).address())
          .isEqualTo("unknown");
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "UNKNOWN:8080")).address())
          .isEqualTo("unknown");
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "_hidden")).address())
          .isEqualTo("_hidden");
    }

    @Test
    void garbageBehindATrustedHopNamesTheClient() {
      ClientInfo info = resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7, junk, 10.0.0.2"));
      assertThat(info.address()).isEqualTo("_junk");
    }

    @Test
    void protoAndHostComeFromTheUnreadableHopsEntry() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers(
                  "X-Forwarded-For", "203.0.113.7, junk, 10.0.0.2",
                  "X-Forwarded-Proto", "http, https, http",
                  "X-Forwarded-Host", "a, b, c"));
      assertThat(info).isEqualTo(new ClientInfo("_junk", true, "b", false));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "_hidden               | _hidden",
          "__x                   | __x",
          "\"_abc:_port\"        | _abc",
          "[_abc]:99             | _abc",
          "[::1                  | _--1",
          "999.1.1.1             | _999.1.1.1",
          "1.2.3.4.5             | _1.2.3.4.5",
          "2001:db8::zz          | _2001-db8--zz",
          "a b<script>           | _a-b-script-",
          "unknown               | unknown",
          "Unknown:1             | unknown",
          "_                     | unknown",
          "\"\"                    | unknown",
          "ip:1.2.3.4            | _ip",
        })
    void unreadableHopsBecomeANameThatIsNoAddress(String hop, String expected) {
      String client = resolver.resolve(PROXY, false, headers("X-Forwarded-For", "198.51.100.1, " + hop)).address();
      assertThat(client).isEqualTo(expected);
      assertThat(IpLiterals.parse(client)).isNull();
    }

    @Test
    void unreadableHopNamesAreShort() {
      String client = resolver.resolve(PROXY, false, headers("X-Forwarded-For", "_" + "x".repeat(500))).address();
      assertThat(client).isEqualTo("_" + "x".repeat(63));
    }

    @Test
    void noHeaderGivesTheProxyAddress() {
      assertThat(resolver.resolve(PROXY, true, headers()).address()).isEqualTo(PROXY);
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "203.0.113.7:51234 | 203.0.113.7",
          "[2001:db8::7]:51234 | 2001:db8::7",
          "[2001:db8::7] | 2001:db8::7",
          "2001:db8::7 | 2001:db8::7",
          "\"203.0.113.7\" | 203.0.113.7",
          "\"[2001:db8::7]:443\" | 2001:db8::7",
          "  203.0.113.7   | 203.0.113.7",
          "2001:DB8:0:0:0:0:0:7 | 2001:db8::7",
          "::ffff:203.0.113.7 | 203.0.113.7",
        })
    void acceptsPortsBracketsAndQuotes(String entry, String expected) {
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "198.51.100.1, " + entry)).address())
          .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[2001:db8::7", "[]", "[]:80", "\"\"", "fe80::1%eth0", "203.0.113.7:80:80"})
    void malformedEntriesNameTheClientNeverTheProxy(String entry) {
      String client = resolver.resolve(PROXY, false, headers("X-Forwarded-For", entry)).address();
      assertThat(client).isNotEqualTo(PROXY);
      assertThat(IpLiterals.parse(client)).isNull();
    }

    @Test
    void allHopsTrustedGivesTheLeftMost() {
      ClientInfo info = resolver.resolve(PROXY, false, headers("X-Forwarded-For", "10.1.1.1, 10.2.2.2, 10.3.3.3"));
      assertThat(info.address()).isEqualTo("10.1.1.1");
    }

    @Test
    void untrustedPeerIgnoresTheHeader() {
      ClientInfo info = resolver.resolve("198.51.100.99", false, headers("X-Forwarded-For", "203.0.113.7"));
      assertThat(info.address()).isEqualTo("198.51.100.99");
      assertThat(info.forwardedByUntrustedPeer()).isTrue();
      assertThat(resolver.untrustedForwardedCount()).isEqualTo(1);
    }

    @Test
    void peerThatIsNoAddressIsUntrusted() {
      ClientInfo info = resolver.resolve("unix-socket", false, headers("X-Forwarded-For", "203.0.113.7"));
      assertThat(info.address()).isEqualTo("unix-socket");
      assertThat(info.forwardedByUntrustedPeer()).isTrue();
    }

    @Test
    void mappedPeerMatchesIpv4Range() {
      assertThat(resolver.resolve("::ffff:10.0.0.1", false, headers("X-Forwarded-For", "203.0.113.7")).address())
          .isEqualTo("203.0.113.7");
    }

    @Test
    void stopsAfterThirtyTwoHops() {
      StringBuilder chain = new StringBuilder("203.0.113.7");
      for (int i = 1; i <= 40; i++) {
        chain.append(", 10.0.0.").append(i);
      }
      // walking stops after 32 entries, on the 32nd from the right
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", chain.toString())).address())
          .isEqualTo("10.0.0.9");
    }

    @Test
    void readsProtoAndHostOfASingleHop() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers(
                  "Host", "internal:8080",
                  "X-Forwarded-For", "203.0.113.7",
                  "X-Forwarded-Proto", " HTTPS ",
                  "X-Forwarded-Host", " notes.example.com "));
      assertThat(info).isEqualTo(new ClientInfo("203.0.113.7", true, "notes.example.com", false));
    }

    @Test
    void protoHttpOverridesASecureConnection() {
      ClientInfo info = resolver.resolve(PROXY, true, headers("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "http"));
      assertThat(info.secure()).isFalse();
    }

    @Test
    void withoutProtoTheConnectionDecides() {
      assertThat(resolver.resolve(PROXY, true, headers("X-Forwarded-For", "203.0.113.7")).secure()).isTrue();
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7")).secure()).isFalse();
    }

    @Test
    void withoutForwardedHostTheHostHeaderIsKept() {
      ClientInfo info = resolver.resolve(PROXY, false, headers("Host", "example.com", "X-Forwarded-For", "203.0.113.7"));
      assertThat(info.host()).isEqualTo("example.com");
    }

    @Test
    void picksTheProtoAndHostOfTheClientsHop() {
      // client -> edge (10.0.0.2, saw https for notes.example.com) -> inner proxy (PROXY, saw http)
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers(
                  "X-Forwarded-For", "203.0.113.7, 10.0.0.2",
                  "X-Forwarded-Proto", "https, http",
                  "X-Forwarded-Host", "notes.example.com, internal"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
      assertThat(info.secure()).isTrue();
      assertThat(info.host()).isEqualTo("notes.example.com");
    }

    @Test
    void picksTheLastProtoWhenTheClientIsTheRightMostHop() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers(
                  "X-Forwarded-For", "1.1.1.1, 203.0.113.7",
                  "X-Forwarded-Proto", "http, https",
                  "X-Forwarded-Host", "spoofed.example, notes.example.com"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
      assertThat(info.secure()).isTrue();
      assertThat(info.host()).isEqualTo("notes.example.com");
    }

    @Test
    void picksFromTheRightHowEverManyEntriesTheClientSent() {
      // Splitting from the left with a limit of 33 left the last part holding the proxy's entry
      // and every client entry past the 32nd, commas and all (a fuzz test's finding).
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers(
                  "X-Forwarded-For", "203.0.113.7",
                  "X-Forwarded-Proto", "http,".repeat(40) + " https",
                  "X-Forwarded-Host", "spoofed.example,".repeat(40) + " notes.example.com"));
      assertThat(info.secure()).isTrue();
      assertThat(info.host()).isEqualTo("notes.example.com");
    }

    @Test
    void fewerProtoEntriesThanHopsFallsBackToTheLeftMost() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers("X-Forwarded-For", "203.0.113.7, 10.0.0.2, 10.0.0.3", "X-Forwarded-Proto", "https, http"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
      assertThat(info.secure()).isTrue();
    }

    @Test
    void ipv6ProxiesAndClients() {
      ClientIpResolver v6 = xff("fd00::/8");
      assertThat(v6.resolve("fd00::1", false, headers("X-Forwarded-For", "2001:db8::7")).address())
          .isEqualTo("2001:db8::7");
      assertThat(v6.resolve("fd00::1", false, headers("X-Forwarded-For", "2001:db8::7, fd00::2")).address())
          .isEqualTo("2001:db8::7");
    }

    @Test
    void bracketedIpv6PeerIsRecognisedAsTrusted() {
      // Jetty reports IPv6 peers as "[...]"
      ClientIpResolver v6 = xff("fd00::/8");
      ClientInfo info = v6.resolve("[fd00::1]", false, headers("X-Forwarded-For", "2001:db8::7"));
      assertThat(info.address()).isEqualTo("2001:db8::7");
      assertThat(info.forwardedByUntrustedPeer()).isFalse();
    }

    @Test
    void ulaRangeCoversProxies() {
      ClientIpResolver v6 = xff("fc00::/7");
      assertThat(v6.resolve("fd12::1", false, headers("X-Forwarded-For", "2001:db8::7")).address())
          .isEqualTo("2001:db8::7");
    }

    @Test
    void isTrustedChecksEveryRange() {
      ClientIpResolver several = xff("10.0.0.0/8", "192.168.1.1", "fd00::/8");
      assertThat(several.isTrusted(new byte[] {10, 1, 2, 3})).isTrue();
      assertThat(several.isTrusted(new byte[] {(byte) 192, (byte) 168, 1, 1})).isTrue();
      assertThat(several.isTrusted(new byte[] {(byte) 192, (byte) 168, 1, 2})).isFalse();
      byte[] v6 = new byte[16];
      v6[0] = (byte) 0xfd;
      assertThat(several.isTrusted(v6)).isTrue();
      v6[0] = (byte) 0xfe;
      assertThat(several.isTrusted(v6)).isFalse();
    }
  }

  @Nested
  class Forwarded {

    private final ClientIpResolver resolver = resolver(ForwardedHeader.FORWARDED, "10.0.0.0/8");

    @Test
    void readsForProtoAndHost() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              false,
              headers("Host", "internal", "Forwarded", "for=203.0.113.7;proto=https;host=notes.example.com"));
      assertThat(info).isEqualTo(new ClientInfo("203.0.113.7", true, "notes.example.com", false));
    }

    @Test
    void readsQuotedIpv6WithPort() {
      ClientInfo info =
          resolver.resolve(PROXY, false, headers("Forwarded", "For=\"[2001:db8:cafe::17]:4711\""));
      assertThat(info.address()).isEqualTo("2001:db8:cafe::17");
    }

    @Test
    void readsIpv4WithPort() {
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=\"192.0.2.43:47011\"")).address())
          .isEqualTo("192.0.2.43");
    }

    @Test
    void walksRightToLeftToTheFirstUntrusted() {
      ClientInfo info =
          resolver.resolve(
              PROXY,
              true,
              headers(
                  "Forwarded",
                  "for=198.51.100.1;proto=https, for=203.0.113.7;proto=http;host=a.example, for=10.0.0.2;proto=https;host=internal"));
      assertThat(info.address()).isEqualTo("203.0.113.7");
      assertThat(info.secure()).isFalse();
      assertThat(info.host()).isEqualTo("a.example");
    }

    @Test
    void allTrustedGivesTheLeftMost() {
      ClientInfo info = resolver.resolve(PROXY, false, headers("Forwarded", "for=10.1.1.1;proto=https, for=10.2.2.2"));
      assertThat(info.address()).isEqualTo("10.1.1.1");
      assertThat(info.secure()).isTrue();
    }

    @Test
    void unknownOrObfuscatedNamesTheClient() {
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7, for=unknown")).address())
          .isEqualTo("unknown");
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7, for=_hidden")).address())
          .isEqualTo("_hidden");
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7, for=\"_hidden:_p1\"")).address())
          .isEqualTo("_hidden");
      assertThat(
              resolver.resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7, for=unknown, for=10.0.0.2")).address())
          .isEqualTo("unknown");
    }

    @Test
    void elementWithoutForNamesAnUnknownClient() {
      ClientInfo info = resolver.resolve(PROXY, true, headers("Host", "h", "Forwarded", "for=203.0.113.7, proto=http"));
      assertThat(info).isEqualTo(new ClientInfo("unknown", false, "h", false));
      assertThat(resolver.resolve(PROXY, true, headers("Forwarded", "by=10.0.0.1")).address()).isEqualTo("unknown");
    }

    @Test
    void aMalformedTrustedElementNamesAnUnknownClient() {
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7, for=\"10.0.0.5\"x")).address())
          .isEqualTo("unknown");
    }

    @Test
    void aQuoteTheClientLeavesOpenDoesNotHideTheProxysElements() {
      for (String garbage :
          new String[] {"for=\"1.2.3.4", "for=1.2.3.4;proto=\"", "\"", "for=\"[2001:db8::1]:", "for=\"a\\\""}) {
        assertThat(resolver.resolve(PROXY, false, headers("Forwarded", garbage + ", for=203.0.113.7")).address())
            .as(garbage)
            .isEqualTo("203.0.113.7");
        assertThat(
                resolver.resolve(PROXY, false, headers("Forwarded", garbage + ", for=\"[2001:db8::7]:4711\";proto=https")))
            .as(garbage)
            .isEqualTo(new ClientInfo("2001:db8::7", true, "", false));
      }
    }

    @Test
    void withoutTheHeaderThePeerAndConnectionDecide() {
      assertThat(resolver.resolve(PROXY, true, headers("Host", "h")))
          .isEqualTo(new ClientInfo(PROXY, true, "h", false));
    }

    @Test
    void ignoresXForwardedForInForwardedMode() {
      assertThat(resolver.resolve(PROXY, false, headers("X-Forwarded-For", "203.0.113.7")).address()).isEqualTo(PROXY);
    }

    @Test
    void xForwardedForModeIgnoresForwarded() {
      assertThat(xff("10.0.0.0/8").resolve(PROXY, false, headers("Forwarded", "for=203.0.113.7")).address())
          .isEqualTo(PROXY);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "for=\"1.2.3.4:", "for=\"[1.2.3.4]", "for=\"[1.2.3.4]:", "for=\"[1.2.3.4]:8", "for=\"1.2.3.4:_x",
          "for=1.2.3.4;proto=\"", "for=1.2.3.4;host=\"x", "for=1.2.3.4;proto=\"\\"
        })
    void anOpenQuoteCannotSwallowTheProxyElement(String attackerHeader) {
      // a proxy that appends to the client's Forwarded header: attacker text, then its own element
      String[][] appended = {
        {", for=203.0.113.7", "203.0.113.7"},
        {", for=\"[2001:db8::7]\"", "2001:db8::7"},
        {",for=\"203.0.113.7:80\"", "203.0.113.7"},
      };
      for (String[] proxy : appended) {
        String header = attackerHeader + proxy[0];
        String address = resolver.resolve(PROXY, false, headers("Forwarded", header)).address();
        assertThat(address).as(header).isEqualTo(proxy[1]);
      }
    }

    @Test
    void closedAttackerQuotesDoNotDisturbTheProxyElement() {
      String header = "for=\"1.2.3.4\";proto=\"https\", for=\"[2001:db8::1]\"junk, for=203.0.113.7";
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", header)).address()).isEqualTo("203.0.113.7");
    }

    @Test
    void acceptsNumericAndObfuscatedPorts() {
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=\"192.0.2.43:_port-1.x\"")).address())
          .isEqualTo("192.0.2.43");
      assertThat(resolver.resolve(PROXY, false, headers("Forwarded", "for=\"[2001:db8::1]:_abc\"")).address())
          .isEqualTo("2001:db8::1");
    }

    @Test
    void untrustedPeerIgnoresTheHeader() {
      ClientInfo info = resolver.resolve("198.51.100.99", false, headers("Forwarded", "for=203.0.113.7;proto=https"));
      assertThat(info).isEqualTo(new ClientInfo("198.51.100.99", false, "", true));
    }
  }

  @Test
  void clientInfoHelpers() {
    assertThat(new ClientInfo("1.2.3.4", false, "Example.COM:8443", false).hostName()).isEqualTo("example.com");
    assertThat(new ClientInfo("1.2.3.4", false, "localhost:8080", false).isLocalHost()).isTrue();
    assertThat(new ClientInfo("1.2.3.4", false, "[::1]:8080", false).isLocalHost()).isTrue();
    assertThat(new ClientInfo("1.2.3.4", false, "example.com", false).isLocalHost()).isFalse();
    assertThat(new ClientInfo("1.2.3.4", false, "", false).isLocalHost()).isFalse();
  }

  @Test
  void configValidatesRangesAndPrefix() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ClientIpConfig(List.of("10.0.0.0/8", "nope"), null, null))
        .withMessageContaining("'nope'");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ClientIpConfig(null, null, 0))
        .withMessageContaining("ipv6-prefix");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ClientIpConfig(null, null, 129));
    ClientIpConfig defaults = ClientIpConfig.defaults();
    assertThat(defaults.trustedProxies()).isEmpty();
    assertThat(defaults.header()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
    assertThat(defaults.ipv6Prefix()).isEqualTo(64);
  }
}
