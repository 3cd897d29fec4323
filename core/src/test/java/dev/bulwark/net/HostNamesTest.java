package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com | example.com",
        "example.com:8443 | example.com",
        "EXAMPLE.Com:80 | example.com",
        "Example.COM | example.com",
        "[::1]:8080 | [::1]",
        "[::1] | [::1]",
        "[2001:DB8::1]:443 | [2001:db8::1]",
        "192.0.2.1:80 | 192.0.2.1",
        "localhost: | localhost",
        // a bare IPv6 address has several colons and no port
        "2001:db8::1 | 2001:db8::1",
        // an unterminated bracket keeps everything
        "[::1 | [::1",
      })
  void stripsThePort(String host, String expected) {
    assertThat(HostNames.stripPort(host)).isEqualTo(expected);
  }

  @Test
  void stripPortOfNothingIsEmpty() {
    assertThat(HostNames.stripPort(null)).isEmpty();
    assertThat(HostNames.stripPort("")).isEmpty();
  }

  @Test
  void stripPortReturnsTheSameInstanceWhenAlreadyLowerCase() {
    String host = "example.com";
    assertThat(HostNames.stripPort(host)).isSameAs(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost", "app.localhost", "a.b.localhost", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "::1",
        "[0:0:0:0:0:0:0:1]", "::ffff:127.0.0.1", "[::ffff:127.0.0.2]"
      })
  void recognisesLoopback(String name) {
    assertThat(HostNames.isLocal(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "example.com", "localhost.example.com", "mylocalhost", "notlocalhost", "128.0.0.1", "126.255.255.255",
        "10.0.0.1", "[::2]", "::", "[::]", "[::1", "::1]", "0.0.0.0", "[fe80::1]", "[2001:db8::1]", "127.0.0.1.nip.io"
      })
  void refusesEverythingElse(String name) {
    assertThat(HostNames.isLocal(name)).isFalse();
  }
}
