package dev.bulwark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming check agrees with the JDK's strict decoder on every input, however it is split. */
class Utf8ValidatorTest {

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean accepts(byte[] bytes, int split) {
    Utf8Validator validator = new Utf8Validator();
    int cut = Math.min(split, bytes.length);
    validator.accept(bytes, 0, cut);
    for (int i = cut; i < bytes.length; i++) {
      validator.accept(bytes[i]);
    }
    return validator.complete();
  }

  @Property(tries = 3000)
  void agreesWithTheJdkOnAnyBytes(@ForAll("nearlyUtf8") byte[] bytes, @ForAll("splits") int split) {
    assertThat(accepts(bytes, split)).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
  }

  @Property(tries = 1000)
  void acceptsEveryEncodedString(@ForAll String text, @ForAll("splits") int split) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(accepts(bytes, split)).isEqualTo(jdkAccepts(bytes));
  }

  /** Bytes biased to the edges of the multi-byte ranges, where mistakes hide. */
  @Provide
  Arbitrary<byte[]> nearlyUtf8() {
    Arbitrary<Byte> edges =
        Arbitraries.of(
                0x00, 0x2F, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xAF, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF)
            .map(Integer::byteValue);
    Arbitrary<Byte> any = Arbitraries.bytes();
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, edges), net.jqwik.api.Tuple.of(1, any))
        .list()
        .ofMaxSize(12)
        .map(list -> {
          byte[] bytes = new byte[list.size()];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
          }
          return bytes;
        });
  }

  @Provide
  Arbitrary<Integer> splits() {
    return Arbitraries.integers().between(0, 12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c0af", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080", "80", "e282", "ff", "c2"})
  void refusesTheClassicMalformedForms(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(accepts(bytes, 0)).isFalse();
    assertThat(accepts(bytes, bytes.length)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2f", "c2a9", "e282ac", "f09f9880", "ed9fbf", "ee8080", "f48fbfbf", "efbbbf"})
  void acceptsTheEdgesOfEachRange(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(accepts(bytes, 1)).isTrue();
  }
}
