package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;

/**
 * Fuzzes rate-limit key definitions such as {@code principal,header:X-Api-Key,ip}: bad text is
 * refused with {@link IllegalArgumentException} only, without repeating long input; an accepted
 * chain has at least one source, header names are header tokens, and it prints as text that parses
 * back to the same chain.
 *
 * <p>Input: the whole input is the key definition.
 */
class KeySpecFuzzTest {

  @FuzzTest
  void keysRoundTrip(byte[] data) {
    String text = FuzzFields.text(data);
    KeySpec spec;
    try {
      spec = KeySpec.parse(text);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, text);
      return;
    }
    assertThat(spec.sources()).isNotEmpty();
    for (KeySpec.Source source : spec.sources()) {
      if (source.kind() == KeySpec.Kind.HEADER) {
        assertThat(source.header()).matches("[A-Za-z0-9-]{1,64}");
      } else {
        assertThat(source.header()).isNull();
      }
    }
    assertThat(KeySpec.parse(spec.toString())).isEqualTo(spec);
    assertThat(spec.alwaysResolves()).isEqualTo(spec.sources().stream().anyMatch(s -> s.kind() == KeySpec.Kind.IP));
  }
}
