package dev.bulwark.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class IpLiteralsPropertiesTest {

  @Provide
  Arbitrary<byte[]> ipv4() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4);
  }

  /** 16-byte arrays, biased towards zero runs and the IPv4-mapped prefix. */
  @Provide
  Arbitrary<byte[]> ipv6() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(16);
    Arbitrary<byte[]> sparse =
        Arbitraries.integers()
            .between(0, 0xffff)
            .injectDuplicates(0.1)
            .list()
            .ofSize(8)
            .map(
                groups -> {
                  byte[] out = new byte[16];
                  for (int g = 0; g < 8; g++) {
                    int value = groups.get(g) % 3 == 0 ? 0 : groups.get(g);
                    out[g * 2] = (byte) (value >>> 8);
                    out[g * 2 + 1] = (byte) value;
                  }
                  return out;
                });
    Arbitrary<byte[]> mapped =
        ipv4()
            .map(
                v4 -> {
                  byte[] out = new byte[16];
                  out[10] = (byte) 0xff;
                  out[11] = (byte) 0xff;
                  System.arraycopy(v4, 0, out, 12, 4);
                  return out;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(4, random), Tuple.of(4, sparse), Tuple.of(1, mapped));
  }

  private static boolean isMapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] expectedAfterRoundTrip(byte[] address) {
    return address.length == 16 && isMapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
  }

  @Property
  void ipv4RoundTrips(@ForAll("ipv4") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(text).matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    assertThat(IpLiterals.parse(text)).containsExactly(address);
  }

  @Property
  void ipv6RoundTrips(@ForAll("ipv6") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(IpLiterals.parse(text)).containsExactly(expectedAfterRoundTrip(address));
  }

  @Property
  void ipv6FormatFollowsRfc5952(@ForAll("ipv6") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(text).isEqualTo(referenceFormat(address));
    assertThat(text).hasSizeLessThanOrEqualTo(39).isEqualTo(text.toLowerCase(Locale.ROOT));
    assertThat(text.indexOf("::")).isEqualTo(text.lastIndexOf("::"));
    assertThat(text).doesNotContain(":::");
    for (String group : text.split(":")) {
      if (!group.isEmpty()) {
        assertThat(group).matches("0|[1-9a-f][0-9a-f]{0,3}");
      }
    }
  }

  @Property(tries = 300)
  void agreesWithTheJdkOnFormattedAddresses(@ForAll("ipv6") byte[] address) throws UnknownHostException {
    String text = IpLiterals.format(address);
    // text is always a literal, so getByName parses it without any lookup
    assertThat(IpLiterals.parse(text)).containsExactly(InetAddress.getByName(text).getAddress());
  }

  @Property(tries = 300)
  void parsesUncompressedUpperCaseFormsLikeTheJdk(@ForAll("ipv6") byte[] address) throws UnknownHostException {
    StringBuilder full = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g > 0) {
        full.append(':');
      }
      full.append(String.format("%04X", ((address[g * 2] & 0xff) << 8) | (address[g * 2 + 1] & 0xff)));
    }
    String text = full.toString();
    assertThat(IpLiterals.parse(text))
        .containsExactly(expectedAfterRoundTrip(address))
        .containsExactly(InetAddress.getByName(text).getAddress());
  }

  @Property(tries = 300)
  void parsesEmbeddedIpv4Forms(@ForAll("ipv6") byte[] address) {
    StringBuilder text = new StringBuilder();
    for (int g = 0; g < 6; g++) {
      text.append(Integer.toHexString(((address[g * 2] & 0xff) << 8) | (address[g * 2 + 1] & 0xff))).append(':');
    }
    text.append(IpLiterals.format(Arrays.copyOfRange(address, 12, 16)));
    assertThat(IpLiterals.parse(text.toString())).containsExactly(expectedAfterRoundTrip(address));
  }

  @Property
  void neverThrowsOnArbitraryText(@ForAll @StringLength(max = 60) String text) {
    byte[] parsed = IpLiterals.parse(text);
    if (parsed != null) {
      assertThat(parsed.length).isIn(4, 16);
    }
  }

  @Property
  void neverThrowsOnAddressLikeText(
      @ForAll @StringLength(max = 50) @Chars({':', '.', '%', '[', ']', ' '}) @CharRange(from = '0', to = '9')
          @CharRange(from = 'a', to = 'f') @CharRange(from = 'A', to = 'F')
          String text) {
    byte[] parsed = IpLiterals.parse(text);
    if (parsed != null) {
      assertThat(parsed.length).isIn(4, 16);
      // whatever parses must survive format and parse unchanged
      assertThat(IpLiterals.parse(IpLiterals.format(parsed))).containsExactly(parsed);
    }
  }

  @Property
  void neverThrowsOnMutatedLiterals(@ForAll("mutatedLiterals") String text) {
    byte[] parsed = IpLiterals.parse(text);
    if (parsed != null) {
      assertThat(IpLiterals.parse(IpLiterals.format(parsed))).containsExactly(parsed);
    }
  }

  @Provide
  Arbitrary<String> mutatedLiterals() {
    Arbitrary<String> literal =
        Arbitraries.oneOf(ipv4(), ipv6()).map(IpLiterals::format);
    Arbitrary<Integer> position = Arbitraries.integers().between(0, 45);
    Arbitrary<Character> character = Arbitraries.of(':', '.', '0', '9', 'f', 'g', ' ', '%', '\uFF11');
    return Combinators.combine(literal, position, character, Arbitraries.of(0, 1, 2))
        .as(
            (text, at, c, operation) -> {
              int index = Math.min(at, text.length());
              return switch (operation) {
                case 0 -> text.substring(0, index) + c + text.substring(index);
                case 1 -> index < text.length() ? text.substring(0, index) + text.substring(index + 1) : text;
                default -> index < text.length() ? text.substring(0, index) + c + text.substring(index + 1) : text;
              };
            });
  }

  @Property(tries = 200)
  void parsesOnlyTheRequestedRange(@ForAll("ipv4") byte[] address, @ForAll @AlphaChars @StringLength(max = 5) String prefix) {
    String literal = IpLiterals.format(address);
    String text = "x" + prefix + "|" + literal + "|y";
    int from = text.indexOf('|') + 1;
    assertThat(IpLiterals.parse(text, from, from + literal.length())).containsExactly(address);
  }

  /** An independent RFC 5952 formatter: longest run of two or more zero groups, first on a tie. */
  private static String referenceFormat(byte[] a) {
    String[] groups = new String[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = Integer.toHexString(((a[g * 2] & 0xff) << 8) | (a[g * 2 + 1] & 0xff));
    }
    String joined = ":" + String.join(":", groups) + ":";
    for (int run = 8; run >= 2; run--) {
      String zeros = ":" + "0:".repeat(run);
      int at = joined.indexOf(zeros);
      if (at >= 0) {
        String out = joined.substring(0, at) + "::" + joined.substring(at + zeros.length());
        if (out.startsWith(":") && !out.startsWith("::")) {
          out = out.substring(1);
        }
        if (out.endsWith(":") && !out.endsWith("::")) {
          out = out.substring(0, out.length() - 1);
        }
        return out;
      }
    }
    return String.join(":", groups);
  }
}
