package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.net.internal.IpLiterals;
import dev.bulwark.testing.FuzzFields;

/**
 * Fuzzes the {@code Host} helpers: {@link HostNames#stripPort} keeps a prefix of the value with
 * ASCII letters in lower case and nothing else folded (Unicode folding turns the Kelvin sign into
 * {@code k}), and {@link HostNames#isLocal} says yes only for {@code localhost},
 * names under {@code .localhost}, {@code 127.0.0.0/8} and {@code ::1}.
 *
 * <p>Input: the whole input is the Host value.
 */
class HostNamesFuzzTest {

  @FuzzTest
  void stripsPortsAndRecognisesOnlyLoopback(byte[] data) {
    String host = FuzzFields.text(data);
    String name = HostNames.stripPort(host);
    // a prefix of the value, ASCII letters lower-cased and nothing else folded
    StringBuilder lower = new StringBuilder();
    host.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
    assertThat(lower.toString()).startsWith(name);
    if (!host.isEmpty() && host.charAt(0) != '[' && host.indexOf(':') == host.lastIndexOf(':')) {
      assertThat(name).doesNotContain(":");
    }

    for (String candidate : new String[] {host, name}) {
      boolean local = HostNames.isLocal(candidate);
      assertThat(local).as("isLocal(%s)", candidate).isEqualTo(isLoopback(candidate));
    }
  }

  /** The documented loopback names, written out independently of the implementation. */
  private static boolean isLoopback(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.equals("localhost") || n.endsWith(".localhost")) {
      return true;
    }
    if (n.length() > 2 && n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    byte[] address = IpLiterals.parse(n);
    if (address == null) {
      return false;
    }
    if (address.length == 4) {
      return address[0] == 127;
    }
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    return java.util.Arrays.equals(address, loopback);
  }
}
