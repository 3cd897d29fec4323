package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.net.internal.IpLiterals;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

  /** Every transition form, as bytes built from the IPv4 address they carry. */
  private static final List<UnaryOperator<byte[]>> FORMS =
      List.of(
      v4 -> ipv6(new int[] {0, 0, 0, 0, 0, 0xffff}, v4, 12, false), // ::ffff:a.b.c.d
      v4 -> ipv6(new int[] {0x64, 0xff9b}, v4, 12, false), // 64:ff9b::a.b.c.d
      v4 -> ipv6(new int[] {0x64, 0xff9b, 1, 0x1234}, v4, 12, false), // 64:ff9b:1:1234::a.b.c.d
      v4 -> ipv6(new int[] {0x2002}, v4, 2, false), // 2002:aabb:ccdd::
      v4 -> ipv6(new int[] {0x2002, 0, 0, 7, 1, 2, 3, 4}, v4, 2, false), // 2002:aabb:ccdd:7:1:2:3:4
      v4 -> ipv6(new int[] {0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63bf}, v4, 12, true)); // Teredo

  /** Leading groups, then the IPv4 address at a byte offset (inverted for Teredo). */
  private static byte[] ipv6(int[] groups, byte[] v4, int at, boolean invert) {
    byte[] out = new byte[16];
    for (int g = 0; g < groups.length; g++) {
      out[g * 2] = (byte) (groups[g] >>> 8);
      out[g * 2 + 1] = (byte) groups[g];
    }
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (invert ? ~v4[i] : v4[i]);
    }
    return out;
  }

  @Provide
  Arbitrary<byte[]> ipv4() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4);
  }

  @Provide
  Arbitrary<Integer> form() {
    return Arbitraries.integers().between(0, FORMS.size() - 1);
  }

  @Property
  void everyTransitionFormIsKeyedAsTheIpv4ItCarries(
      @ForAll("ipv4") byte[] v4, @ForAll("form") int form, @ForAll("prefix") int prefix) {
    String literal = IpLiterals.format(FORMS.get(form).apply(v4));
    assertThat(ClientAddresses.key(literal, prefix)).as(literal).isEqualTo(IpLiterals.format(v4));
  }

  @Property
  void differentIpv4AddressesInOneFormNeverShareAKey(
      @ForAll("ipv4") byte[] a, @ForAll("ipv4") byte[] b, @ForAll("form") int form, @ForAll("prefix") int prefix) {
    String first = ClientAddresses.key(IpLiterals.format(FORMS.get(form).apply(a)), prefix);
    String second = ClientAddresses.key(IpLiterals.format(FORMS.get(form).apply(b)), prefix);
    assertThat(first.equals(second)).isEqualTo(java.util.Arrays.equals(a, b));
  }

  @Property
  void ordinaryIpv6AddressesAreKeyedByTheirPrefix(@ForAll("ordinaryIpv6") byte[] address, @ForAll("prefix") int prefix) {
    String key = ClientAddresses.key(IpLiterals.format(address), prefix);
    assertThat(key).endsWith("/" + prefix);
    Cidr network = Cidr.of(key);
    assertThat(network.contains(address)).isTrue();
    assertThat(network.prefix()).isEqualTo(prefix);
  }

  @Provide
  Arbitrary<Integer> prefix() {
    return Arbitraries.of(32, 48, 56, 64, 128);
  }

  /** 16 bytes outside every transition prefix (and not all-zero, which is :: or ::1 at most). */
  @Provide
  Arbitrary<byte[]> ordinaryIpv6() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofSize(16)
        .filter(bytes -> ClientAddresses.carriedIpv4(bytes) == null)
        .filter(bytes -> (bytes[0] & 0xe0) == 0x20); // 2000::/3, global unicast
  }

  @Property
  void ipv4AddressesAreTheirOwnKey(@ForAll("ipv4") byte[] v4) {
    String literal = IpLiterals.format(v4);
    assertThat(ClientAddresses.key(literal, 64)).isEqualTo(literal);
  }

  @ParameterizedTest
  @CsvSource({
    "::ffff:1.2.3.4, 1.2.3.4",
    "::1.2.3.4, 1.2.3.4",
    "::0.1.0.0, 0.1.0.0",
    "::2, 0.0.0.2",
    "64:ff9b::102:304, 1.2.3.4",
    "64:ff9b::1.2.3.4, 1.2.3.4",
    "64:ff9b:1::102:304, 1.2.3.4",
    "64:ff9b:1:ffff:ffff:ffff:102:304, 1.2.3.4",
    "2002:102:304::, 1.2.3.4",
    "2002:102:304:ffff::1, 1.2.3.4",
    "2001:0:4136:e378:8000:63bf:fefd:fcfb, 1.2.3.4",
    "2001::fefd:fcfb, 1.2.3.4",
  })
  void carriedIpv4Addresses(String address, String ipv4) {
    assertThat(ClientAddresses.key(address, 64)).isEqualTo(ipv4);
  }

  @ParameterizedTest
  @CsvSource({
    "::, ::/64",
    "::1, ::/64",
    "64:ff9b:0:1::102:304, 64:ff9b:0:1::/64",
    "64:ff9b:2::102:304, 64:ff9b:2::/64",
    "2001:1::fefd:fcfb, 2001:1::/64",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
    "2003:102:304::, 2003:102:304::/64",
    "::1:0:0:0, ::/64",
  })
  void addressesThatCarryNoIpv4(String address, String key) {
    assertThat(ClientAddresses.key(address, 64)).isEqualTo(key);
    assertThat(ClientAddresses.carriedIpv4(IpLiterals.parse(address))).isNull();
  }

  @Test
  void carriedIpv4OfRawBytes() {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[15] = 9;
    assertThat(ClientAddresses.carriedIpv4(mapped)).containsExactly(0, 0, 0, 9);
    assertThat(ClientAddresses.carriedIpv4(new byte[] {1, 2, 3, 4})).isNull();
    assertThat(ClientAddresses.carriedIpv4(null)).isNull();
  }

  @Test
  void namesThatAreNoAddressAreTheirOwnKey() {
    assertThat(ClientAddresses.key("unknown", 64)).isEqualTo("unknown");
    assertThat(ClientAddresses.key("_hidden", 64)).isEqualTo("_hidden");
  }

  @Test
  void rangesMatchTheAddressOrTheIpv4ItCarries() {
    Cidr[] blocked = {Cidr.of("192.0.2.0/24")};
    assertThat(ClientAddresses.inAny("192.0.2.66", blocked)).isTrue();
    assertThat(ClientAddresses.inAny("64:ff9b::c000:242", blocked)).isTrue();
    assertThat(ClientAddresses.inAny("2002:c000:242::1", blocked)).isTrue();
    assertThat(ClientAddresses.inAny("2001::3fff:fdbd", blocked)).as("Teredo, inverted").isTrue();
    assertThat(ClientAddresses.inAny("64:ff9b::c000:342", blocked)).isFalse();
    Cidr[] sixToFour = {Cidr.of("2002::/16")};
    assertThat(ClientAddresses.inAny("2002:c000:242::1", sixToFour)).as("the IPv6 range itself").isTrue();
    assertThat(ClientAddresses.inAny("192.0.2.66", sixToFour)).isFalse();
    assertThat(ClientAddresses.inAny("unknown", blocked)).isFalse();
    assertThat(ClientAddresses.inAny("_c000:242", blocked)).isFalse();
    assertThat(ClientAddresses.inAny("192.0.2.66", new Cidr[0])).isFalse();
  }
}
