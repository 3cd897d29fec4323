package dev.bulwark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "5m, PT5M",
    "1h, PT1H",
    "730d, PT17520H",
    "0s, PT0S",
    "+3s, PT3S",
    "10S, PT10S",
    "1500us, PT0.0015S",
    "7ns, PT0.000000007S",
    "PT10S, PT10S",
    "pt10s, PT10S",
    "P2D, PT48H",
    "-PT5S, PT-5S",
  })
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "10", "s", "1 s", "1.5s", "-1s", "1w", "1y", "10sec", "P", "PT", "Pxyz", "1234567890123456789s"
      })
  void refuses(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessageContaining("expected a duration with a unit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999999999d", "999999999999999999h", "999999999999999999m", "999999999999999999us"})
  void refusesDurationsOutOfRange(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessageContaining("out of range");
  }

  @Test
  void acceptsTheLargestRepresentableAmounts() {
    assertThat(Durations.parse("999999999999999999s").getSeconds()).isEqualTo(999_999_999_999_999_999L);
    assertThat(Durations.parse("999999999999999999ms")).isEqualTo(Duration.ofMillis(999_999_999_999_999_999L));
    assertThat(Durations.parse("106751991167300d")).isEqualTo(Duration.ofDays(106_751_991_167_300L));
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0s", "PT45S, 45s", "PT5M, 5m", "PT90M, 90m", "PT2H, 2h", "PT48H, 2d", "PT0.25S, 250ms", "PT61S, 61s",
      // exact below the millisecond too, so the text parses back (a fuzz test found 1500us printed as 1ms)
      "PT0.0015S, 1500us", "PT1.000000001S, 1000000001ns"})
  void formats(String iso, String expected) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
  }

  @Property
  void formatParsesBack(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long seconds) {
    Duration duration = Duration.ofSeconds(seconds);
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  @Property
  void formatOfAnyPositiveDurationUpTo366DaysParsesBack(
      @ForAll @LongRange(min = 1, max = 31_622_400_000_000_000L) long nanos) {
    Duration duration = Duration.ofNanos(nanos);
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  @Test
  void formatOfMillisecondsParsesBack() {
    Duration duration = Duration.ofMillis(1234);
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }
}
