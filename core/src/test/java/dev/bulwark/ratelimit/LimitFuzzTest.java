package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.ratelimit.internal.BucketSpec;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes limit definitions such as {@code 100/1s}: bad text is refused with {@link
 * IllegalArgumentException} only, without repeating long input; an accepted limit is within the
 * documented bounds, prints as text that parses back to the same limit, and builds a token bucket.
 *
 * <p>Input: the whole input is the limit.
 */
class LimitFuzzTest {

  @FuzzTest
  void limitsRoundTripAndBuildBuckets(byte[] data) {
    String text = FuzzFields.text(data);
    Limit limit;
    try {
      limit = Limit.parse(text);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, text);
      return;
    }
    assertThat(limit.capacity()).isBetween(1L, 1_000_000_000L);
    assertThat(limit.period()).isPositive().isLessThanOrEqualTo(Duration.ofDays(366));
    assertThat(limit.windowSeconds()).isPositive();
    String printed = limit.toString();
    assertThat(Limit.parse(printed)).as("%s prints as %s", text, printed).isEqualTo(limit);
    assertThat(Limit.parse(printed).toString()).isEqualTo(printed);
    new BucketSpec("fuzz", List.of(limit));
  }
}
