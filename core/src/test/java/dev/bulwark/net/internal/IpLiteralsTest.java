package dev.bulwark.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Nested
  class Ipv4 {

    @Test
    void parsesDottedQuad() {
      assertThat(IpLiterals.parse("192.0.2.1")).containsExactly(bytes(192, 0, 2, 1));
      assertThat(IpLiterals.parse("0.0.0.0")).containsExactly(bytes(0, 0, 0, 0));
      assertThat(IpLiterals.parse("255.255.255.255")).containsExactly(bytes(255, 255, 255, 255));
      assertThat(IpLiterals.parse("10.0.0.1")).containsExactly(bytes(10, 0, 0, 1));
    }

    @Test
    void trimsSurroundingSpaces() {
      assertThat(IpLiterals.parse("  203.0.113.9 ")).containsExactly(bytes(203, 0, 113, 9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.2.3.4", "1.02.3.4", "1.2.3.04", "1.2.3.00", "00.0.0.0", "010.0.0.1"})
    void refusesLeadingZeros(String text) {
      assertThat(IpLiterals.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.256.3.4", "1.2.3.999", "1.2.3.1000", "300.300.300.300"})
    void refusesPartsAbove255(String text) {
      assertThat(IpLiterals.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4.", "1", "12", "a.b.c.d",
          "1.2.3.4x", "1.2.3.-4", "1.2.3.+4", "1.2. 3.4", "1.2.3.4/8", "0x1.2.3.4", "1e1.2.3.4"
        })
    void refusesWrongShapes(String text) {
      assertThat(IpLiterals.parse(text)).isNull();
    }

    @Test
    void refusesNonAsciiDigits() {
      // Arabic-Indic and full-width digits are decimal digits to Character.digit, but not to IP.
      assertThat(IpLiterals.parse("\u0661.2.3.4")).isNull();
      assertThat(IpLiterals.parse("1.2.3.\uFF14")).isNull();
    }
  }

  @Nested
  class Ipv6 {

    @Test
    void parsesUnspecifiedAndLoopback() {
      assertThat(IpLiterals.parse("::")).hasSize(16).containsOnly(0);
      byte[] loopback = new byte[16];
      loopback[15] = 1;
      assertThat(IpLiterals.parse("::1")).containsExactly(loopback);
    }

    @Test
    void parsesFullForm() {
      assertThat(IpLiterals.parse("2001:0db8:0000:0000:0000:ff00:0042:8329"))
          .containsExactly(
              bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29));
      assertThat(IpLiterals.parse("1:2:3:4:5:6:7:8"))
          .containsExactly(bytes(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8));
    }

    @Test
    void isCaseInsensitive() {
      assertThat(IpLiterals.parse("2001:DB8::ABCD")).containsExactly(IpLiterals.parse("2001:db8::abcd"));
    }

    @Test
    void parsesCompressionInTheMiddle() {
      assertThat(IpLiterals.parse("2001:db8::ff00:42:8329"))
          .containsExactly(IpLiterals.parse("2001:0db8:0000:0000:0000:ff00:0042:8329"));
      assertThat(IpLiterals.parse("1:2:3::6:7:8"))
          .containsExactly(bytes(0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 6, 0, 7, 0, 8));
    }

    @Test
    void parsesCompressionAtTheStart() {
      assertThat(IpLiterals.parse("::2:3:4:5:6:7:8"))
          .containsExactly(bytes(0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8));
      assertThat(IpLiterals.parse("::abcd"))
          .containsExactly(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd));
    }

    @Test
    void parsesCompressionAtTheEnd() {
      assertThat(IpLiterals.parse("fe80::"))
          .containsExactly(bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
      assertThat(IpLiterals.parse("1:2:3:4:5:6:7::"))
          .containsExactly(bytes(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0));
    }

    @Test
    void parsesEmbeddedIpv4() {
      assertThat(IpLiterals.parse("64:ff9b::192.0.2.33"))
          .containsExactly(bytes(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33));
      assertThat(IpLiterals.parse("1:2:3:4:5:6:10.0.0.1"))
          .containsExactly(bytes(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 10, 0, 0, 1));
      // IPv4-compatible (deprecated) addresses stay IPv6
      assertThat(IpLiterals.parse("::1.2.3.4"))
          .containsExactly(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4));
    }

    @Test
    void ipv4MappedAddressesComeBackAsFourBytes() {
      assertThat(IpLiterals.parse("::ffff:1.2.3.4")).containsExactly(bytes(1, 2, 3, 4));
      assertThat(IpLiterals.parse("::FFFF:192.0.2.1")).containsExactly(bytes(192, 0, 2, 1));
      assertThat(IpLiterals.parse("::ffff:c000:0201")).containsExactly(bytes(192, 0, 2, 1));
      assertThat(IpLiterals.parse("0:0:0:0:0:ffff:7f00:1")).containsExactly(bytes(127, 0, 0, 1));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "1:2:3:4:5:6:7:8:9", // too many groups
          "1:2:3:4:5:6:7:8::", // compression with eight groups
          "::1:2:3:4:5:6:7:8",
          "1:2:3:4::5:6:7:8",
          "1:2:3:4:5:6:7", // too few groups without compression
          ":::", // triple colon
          "1:::2",
          "::1:::",
          "1::2::3", // two compressions
          "::1::",
          ":1", // single leading colon
          ":1:2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7:8:", // single trailing colon
          "1:",
          "12345::", // five hex digits
          "::00001",
          "g::1", // not hex
          "1:2:3:4:5:6:7:1.2.3.4", // embedded IPv4 after seven groups
          "1:2:3:4:5:6::1.2.3.4", // compression that stands for no group
          "1:2:1.2.3.4", // embedded IPv4 with too few groups
          "::1.2.3.4:1", // IPv4 must be last
          "::ffff:01.2.3.4", // leading zero in embedded IPv4
          "::ffff:1.2.3.256",
          "::ffff:1.2.3",
          "[::1]", // brackets are not part of the literal
          "::1/128",
          ":: 1",
        })
    void refusesMalformedLiterals(String text) {
      assertThat(IpLiterals.parse(text)).as(text).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%eth0", "fe80::1%1", "fe80::1%25eth0", "::1%"})
    void refusesZoneIds(String text) {
      assertThat(IpLiterals.parse(text)).isNull();
    }

    @Test
    void refusesNonAsciiHexDigits() {
      // Character.digit(c, 16) accepts full-width and other Unicode digits; IP literals are ASCII.
      assertThat(IpLiterals.parse("::\uFF11")).isNull(); // full-width 1
      assertThat(IpLiterals.parse("::\uFF41")).isNull(); // full-width a
      assertThat(IpLiterals.parse("2001:db8::\u0661")).isNull(); // Arabic-Indic 1
    }
  }

  @Nested
  class General {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "localhost", "example.com", "1", "::1::1::1::1::1::1::1::1::1::1::1::1"})
    void refusesNonAddresses(String text) {
      assertThat(IpLiterals.parse(text)).isNull();
    }

    @Test
    void nullIsNoAddress() {
      assertThat(IpLiterals.parse(null)).isNull();
    }

    @Test
    void refusesTextLongerThanTheLongestLiteral() {
      String longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
      assertThat(longest).hasSize(45);
      assertThat(IpLiterals.parse(longest)).hasSize(16);
      assertThat(IpLiterals.parse("0" + longest)).isNull();
      assertThat(IpLiterals.parse("1.2.3.4" + " ".repeat(100))).hasSize(4);
    }

    @Test
    void parsesARangeOfACharSequence() {
      String text = "for=[2001:db8::1]:443";
      int open = text.indexOf('[');
      int close = text.indexOf(']');
      assertThat(IpLiterals.parse(text, open + 1, close)).containsExactly(IpLiterals.parse("2001:db8::1"));
      assertThat(IpLiterals.parse("x192.0.2.1y", 1, 10)).containsExactly(bytes(192, 0, 2, 1));
      assertThat(IpLiterals.parse(new StringBuilder("10.1.2.3"), 0, 8)).containsExactly(bytes(10, 1, 2, 3));
      assertThat(IpLiterals.parse("10.1.2.3", 3, 3)).isNull();
    }
  }

  @Nested
  class Format {

    @Test
    void formatsIpv4AsDottedQuad() {
      assertThat(IpLiterals.format(bytes(192, 0, 2, 255))).isEqualTo("192.0.2.255");
      assertThat(IpLiterals.format(bytes(0, 0, 0, 0))).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @CsvSource({
      // input, RFC 5952 canonical text
      "::, ::",
      "::1, ::1",
      "1::, 1::",
      "0:0:0:0:0:0:0:1, ::1",
      "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
      "2001:DB8:0:0:0:0:2:1, 2001:db8::2:1",
      // a single zero group is not compressed (RFC 5952 4.2.2)
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      // the longest run is compressed (4.2.3)
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      // on a tie the first run is compressed (4.2.3)
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      // leading zeros dropped, lower case (4.1, 4.3)
      "2001:0DB8:00AB:000C:0D00:E000:0F00:1, 2001:db8:ab:c:d00:e000:f00:1",
      "fe80:0:0:0:0:0:0:0, fe80::",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:0:0:0:0:0:0, 1::",
      "0:0:1:0:0:0:0:0, 0:0:1::",
      "0:0:0:0:1:0:0:0, ::1:0:0:0",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
      "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void formatsIpv6AsRfc5952(String input, String expected) {
      assertThat(IpLiterals.format(IpLiterals.parse(input))).isEqualTo(expected);
    }

    @Test
    void formatsMappedAddressesAsIpv4AfterParsing() {
      assertThat(IpLiterals.format(IpLiterals.parse("::ffff:203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "192.0.2.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::", "1:2:3:4:5:6:7:8",
          "2001:db8:0:0:1:0:0:1", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
          "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF", "::1.2.3.4"
        })
    void agreesWithTheJdkOnValidLiterals(String literal) throws Exception {
      // Only literals reach getByName here, so it never performs a DNS lookup.
      assertThat(IpLiterals.parse(literal)).containsExactly(InetAddress.getByName(literal).getAddress());
    }
  }
}
