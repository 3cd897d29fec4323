package dev.bulwark.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzFields;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Fuzzes the IP literal parser, which reads addresses out of request headers without DNS. Every
 * address it returns formats canonically and parses back unchanged; for IPv6 text it agrees with the
 * JDK's own literal parser, except that Bulwark refuses IPv4 parts with leading zeros (octal in some
 * parsers) and groups of more than four hex digits; and any 4 or 16 bytes format to text that
 * parses back.
 *
 * <p>Input: the whole input is the text (line feeds included).
 */
class IpLiteralsFuzzTest {

  @FuzzTest
  void literalsRoundTripAndAgreeWithTheJdk(byte[] data) {
    String text = FuzzFields.text(data);
    byte[] parsed = IpLiterals.parse(text);
    if (parsed != null) {
      assertThat(parsed.length).isIn(4, 16);
      String canonical = IpLiterals.format(parsed);
      assertThat(IpLiterals.parse(canonical)).isEqualTo(parsed);
      assertThat(IpLiterals.format(IpLiterals.parse(canonical))).isEqualTo(canonical);
      assertThat(canonical).matches("[0-9a-f:.]{2,45}");
      if (parsed.length == 16) {
        assertThat(isMapped(parsed)).as("IPv4-mapped addresses come back as 4 bytes").isFalse();
      }
    }

    // any sub-range is safe to parse
    int from = data.length == 0 ? 0 : (data[0] & 0xff) % (text.length() + 1);
    int to = from + (data.length < 2 ? 0 : (data[data.length - 1] & 0xff) % (text.length() - from + 1));
    IpLiterals.parse(text, from, to);

    if (text.indexOf(':') >= 0 && text.length() <= 45 && text.matches("[0-9a-fA-F:.]+")) {
      // brackets make the JDK treat it as an IPv6 literal, never as a name to look up
      byte[] jdk;
      try {
        jdk = InetAddress.getByName("[" + text + "]").getAddress();
      } catch (UnknownHostException e) {
        jdk = null;
      }
      if (parsed != null) {
        assertThat(jdk).as("the JDK accepts %s", text).isNotNull();
        assertThat(parsed).isEqualTo(jdk);
      } else if (jdk != null) {
        // Bulwark is stricter in two ways only: IPv4 parts with leading zeros, and groups of more
        // than the four hex digits RFC 4291 allows (the JDK checks the value, not the digits)
        assertThat(text.matches(".*(^|[.:])0[0-9][0-9.]*") || text.matches(".*[0-9a-fA-F]{5,}.*"))
            .as("the JDK accepts %s, Bulwark refuses it", text)
            .isTrue();
      }
    }

    if (data.length == 4 || data.length == 16) {
      byte[] expected = isMapped(data) ? Arrays.copyOfRange(data, 12, 16) : data;
      assertThat(IpLiterals.parse(IpLiterals.format(data))).isEqualTo(expected);
    }
  }

  private static boolean isMapped(byte[] a) {
    if (a.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }
}
