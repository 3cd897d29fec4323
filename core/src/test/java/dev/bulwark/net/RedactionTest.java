package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "203.0.113.77 | 203.0.113.0",
        "10.1.2.3 | 10.1.2.0",
        "::ffff:192.0.2.99 | 192.0.2.0",
        "2001:db8:1234:5678:9abc:def0:1:2 | 2001:db8:1234::",
        "::1 | ::",
        "not-an-address | ?",
        "'' | ?",
        "NULL | ?",
      })
  void truncatesToTheNetwork(String address, String expected) {
    assertThat(Redaction.truncateAddress(address)).isEqualTo(expected);
  }
}
