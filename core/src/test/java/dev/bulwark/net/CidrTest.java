package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bulwark.net.internal.IpLiterals;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, 9.255.255.255, false",
    "172.16.0.0/12, 172.16.0.1, true",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "172.16.0.0/12, 172.15.255.255, false",
    "192.168.0.0/16, 192.168.77.1, true",
    "192.168.0.0/16, 192.169.0.1, false",
    "100.64.0.0/10, 100.127.255.255, true",
    "100.64.0.0/10, 100.128.0.0, false",
    // partial bytes with the high bit set
    "10.128.0.0/9, 10.128.0.1, true",
    "10.128.0.0/9, 10.255.0.1, true",
    "10.128.0.0/9, 10.127.0.1, false",
    "192.168.128.0/17, 192.168.200.1, true",
    "192.168.128.0/17, 192.168.127.1, false",
    "203.0.113.128/25, 203.0.113.255, true",
    "203.0.113.128/25, 203.0.113.127, false",
    "203.0.113.192/26, 203.0.113.200, true",
    "203.0.113.192/26, 203.0.113.130, false",
    "0.0.0.0/1, 127.255.255.255, true",
    "0.0.0.0/1, 128.0.0.0, false",
    "128.0.0.0/1, 128.0.0.0, true",
    "128.0.0.0/1, 255.255.255.255, true",
    "128.0.0.0/1, 127.0.0.1, false",
  })
  void containsIpv4(String cidr, String address, boolean expected) {
    assertThat(Cidr.of(cidr).contains(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8::/32, 2001:db8::1, true",
    "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32, 2001:db9::1, false",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe00::1, false",
    // unique local addresses: the classic trusted-proxy range
    "fc00::/7, fd00::1, true",
    "fc00::/7, fc00::1, true",
    "fc00::/7, fe80::1, false",
    "fc00::/7, fb00::1, false",
    "fe80::/10, fe80::1, true",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "2001:db8:8000::/33, 2001:db8:8000::1, true",
    "2001:db8:8000::/33, 2001:db8:7fff::1, false",
  })
  void containsIpv6(String cidr, String address, boolean expected) {
    assertThat(Cidr.of(cidr).contains(address)).isEqualTo(expected);
  }

  @Test
  void prefixZeroMatchesEveryAddressOfItsFamily() {
    Cidr v4 = Cidr.of("0.0.0.0/0");
    assertThat(v4.contains("1.2.3.4")).isTrue();
    assertThat(v4.contains("255.255.255.255")).isTrue();
    assertThat(v4.contains("::1")).isFalse();
    Cidr v6 = Cidr.of("::/0");
    assertThat(v6.contains("2001:db8::1")).isTrue();
    assertThat(v6.contains("::")).isTrue();
    assertThat(v6.contains("1.2.3.4")).isFalse();
  }

  @Test
  void fullLengthPrefixIsOneAddress() {
    Cidr v4 = Cidr.of("192.0.2.7/32");
    assertThat(v4.contains("192.0.2.7")).isTrue();
    assertThat(v4.contains("192.0.2.6")).isFalse();
    assertThat(v4.contains("192.0.2.8")).isFalse();
    Cidr v6 = Cidr.of("2001:db8::7/128");
    assertThat(v6.contains("2001:db8::7")).isTrue();
    assertThat(v6.contains("2001:db8::6")).isFalse();
    assertThat(v6.prefix()).isEqualTo(128);
  }

  @Test
  void bareAddressIsANetworkOfOne() {
    assertThat(Cidr.of("192.0.2.7")).isEqualTo(Cidr.of("192.0.2.7/32"));
    assertThat(Cidr.of("192.0.2.7").prefix()).isEqualTo(32);
    assertThat(Cidr.of("::1").prefix()).isEqualTo(128);
    assertThat(Cidr.of("::1").contains("::1")).isTrue();
    assertThat(Cidr.of("::1").contains("::2")).isFalse();
  }

  @Test
  void hostBitsAreMasked() {
    Cidr cidr = Cidr.of("10.1.2.3/8");
    assertThat(cidr).isEqualTo(Cidr.of("10.0.0.0/8")).hasSameHashCodeAs(Cidr.of("10.0.0.0/8"));
    assertThat(cidr).hasToString("10.0.0.0/8");
    assertThat(cidr.contains("10.200.0.1")).isTrue();
    assertThat(Cidr.of("192.168.1.77/25")).hasToString("192.168.1.0/25");
    assertThat(Cidr.of("192.168.1.200/25")).hasToString("192.168.1.128/25");
    assertThat(Cidr.of("2001:db8:1:2:3:4:5:6/48")).hasToString("2001:db8:1::/48");
    assertThat(Cidr.of("fdff:ffff::1/7")).hasToString("fc00::/7");
  }

  @Test
  void equalityNeedsSameNetworkAndPrefix() {
    assertThat(Cidr.of("10.0.0.0/8")).isNotEqualTo(Cidr.of("10.0.0.0/16"));
    assertThat(Cidr.of("10.0.0.0/8")).isNotEqualTo(Cidr.of("11.0.0.0/8"));
    assertThat(Cidr.of("10.0.0.0/8")).isNotEqualTo("10.0.0.0/8");
  }

  @Test
  void mappedAddressesMatchIpv4Ranges() {
    Cidr cidr = Cidr.of("10.0.0.0/8");
    assertThat(cidr.contains("::ffff:10.1.2.3")).isTrue();
    assertThat(cidr.contains("::ffff:a01:203")).isTrue();
    assertThat(cidr.contains("::ffff:11.1.2.3")).isFalse();
  }

  @Test
  void mappedNotationInTheRangeIsAnIpv4Range() {
    Cidr cidr = Cidr.of("::ffff:10.0.0.0/104");
    assertThat(cidr).isEqualTo(Cidr.of("10.0.0.0/8"));
    assertThat(cidr.contains("10.9.9.9")).isTrue();
    assertThat(cidr.contains("11.0.0.1")).isFalse();
    assertThat(Cidr.of("::ffff:192.0.2.1").prefix()).isEqualTo(32);
  }

  @Test
  void trimsSurroundingWhitespace() {
    assertThat(Cidr.of("  10.0.0.0/8 ")).isEqualTo(Cidr.of("10.0.0.0/8"));
  }

  @Test
  void containsRefusesNonAddressesAndWrongLengths() {
    Cidr cidr = Cidr.of("0.0.0.0/0");
    assertThat(cidr.contains((String) null)).isFalse();
    assertThat(cidr.contains("not an address")).isFalse();
    assertThat(cidr.contains("")).isFalse();
    assertThat(cidr.contains((byte[]) null)).isFalse();
    assertThat(cidr.contains(new byte[16])).isFalse();
    assertThat(cidr.contains(new byte[5])).isFalse();
    assertThat(cidr.contains(new byte[4])).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "example.com", "10.0.0", "/8", "[::1]/128", "fe80::1%eth0/64", "10.0.0.256/8"})
  void refusesNonAddresses(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.of(text))
        .withMessage("'" + text.trim() + "' is not an IP address or CIDR range such as 10.0.0.0/8");
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/33, 0..32", "10.0.0.0/, 0..32", "10.0.0.0/8/8, 0..32", "10.0.0.0/ 8, 0..32", "10.0.0.0/-1, 0..32", "::/129, 0..128", "2001:db8::/200, 0..128", "10.0.0.0/x8, 0..32"})
  void refusesPrefixesOutOfRange(String text, String range) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.of(text))
        .withMessageContaining(text)
        .withMessageContaining("prefix length outside " + range);
  }

  @Test
  void abbreviatesVeryLongInputInMessages() {
    String text = "x".repeat(500);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.of(text))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).contains("..."));
  }

  @Property
  void anAddressIsInEveryNetworkBuiltFromIt(
      @ForAll @Size(value = 4) java.util.List<@IntRange(min = 0, max = 255) Integer> octets,
      @ForAll @IntRange(min = 0, max = 32) int prefix) {
    String address = octets.get(0) + "." + octets.get(1) + "." + octets.get(2) + "." + octets.get(3);
    Cidr cidr = Cidr.of(address + "/" + prefix);
    assertThat(cidr.contains(address)).isTrue();
    assertThat(cidr.prefix()).isEqualTo(prefix);
    // the network address itself, printed by toString, is in the network too
    String network = cidr.toString().substring(0, cidr.toString().indexOf('/'));
    assertThat(cidr.contains(network)).isTrue();
    assertThat(Cidr.of(cidr.toString())).isEqualTo(cidr);
  }

  @Property
  void containsAgreesWithBitArithmetic(
      @ForAll int network, @ForAll int address, @ForAll @IntRange(min = 0, max = 32) int prefix) {
    String networkText = IpLiterals.format(toBytes(network));
    String addressText = IpLiterals.format(toBytes(address));
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    boolean expected = ((network & 0xffffffffL) & mask) == ((address & 0xffffffffL) & mask);
    assertThat(Cidr.of(networkText + "/" + prefix).contains(addressText)).isEqualTo(expected);
  }

  @Property
  void ipv6ContainsAgreesWithBitArithmetic(
      @ForAll @Size(value = 16) byte[] network,
      @ForAll @Size(value = 16) byte[] address,
      @ForAll @IntRange(min = 0, max = 128) int prefix) {
    network[0] = (byte) (network[0] | 0x20); // never IPv4-mapped
    address[0] = (byte) (address[0] | 0x20);
    // share a random-length prefix so that matches are common
    int shared = Math.min(16, prefix / 8 + 1);
    if ((address[15] & 1) == 0) {
      System.arraycopy(network, 0, address, 0, shared);
    }
    java.math.BigInteger n = new java.math.BigInteger(1, network);
    java.math.BigInteger a = new java.math.BigInteger(1, address);
    boolean expected = n.shiftRight(128 - prefix).equals(a.shiftRight(128 - prefix));
    Cidr cidr = Cidr.of(IpLiterals.format(network) + "/" + prefix);
    assertThat(cidr.contains(address)).isEqualTo(expected);
    assertThat(cidr.contains(IpLiterals.format(address))).isEqualTo(expected);
  }

  private static byte[] toBytes(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }
}
