package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.net.internal.IpLiterals;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;

/**
 * Fuzzes {@link Cidr#of}: it refuses with {@link IllegalArgumentException} only, a range it accepts
 * prints as text that parses back to the same range, and {@code contains} agrees with a bit-by-bit
 * comparison of the prefix.
 *
 * <p>Input lines: the range, then an address to test against it.
 */
class CidrFuzzTest {

  @FuzzTest
  void rangesRoundTripAndContainmentIsBitExact(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    String text = in.get(0);
    Cidr cidr;
    try {
      cidr = Cidr.of(text);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, text);
      return;
    }
    String printed = cidr.toString();
    Cidr again = Cidr.of(printed);
    assertThat(again).isEqualTo(cidr);
    assertThat(again.hashCode()).isEqualTo(cidr.hashCode());
    assertThat(again.toString()).isEqualTo(printed);

    byte[] network = IpLiterals.parse(printed.substring(0, printed.indexOf('/')));
    assertThat(network).isNotNull();
    int bits = network.length * 8;
    assertThat(cidr.prefix()).isBetween(0, bits);
    assertThat(cidr.contains(network)).isTrue();
    for (int bit = 0; bit < bits; bit++) {
      byte[] flipped = network.clone();
      flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
      assertThat(cidr.contains(flipped)).as("bit %d flipped", bit).isEqualTo(bit >= cidr.prefix());
    }

    String address = in.get(1);
    byte[] bytes = IpLiterals.parse(address);
    assertThat(cidr.contains(address)).isEqualTo(bytes != null && samePrefix(bytes, network, cidr.prefix()));
  }

  private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
    if (a.length != b.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
