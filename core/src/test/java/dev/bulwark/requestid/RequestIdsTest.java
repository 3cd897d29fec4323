package dev.bulwark.requestid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  private final RequestIds trusting = RequestIds.compile(RequestIdConfig.defaults());

  @Test
  void keepsAValidIncomingId() {
    assertThat(trusting.choose("req-42_a.b:c", null)).isEqualTo("req-42_a.b:c");
    assertThat(trusting.choose("x".repeat(128), null)).hasSize(128);
  }

  @Test
  void replacesInvalidIncomingIds() {
    for (String bad : new String[] {"", " ", "a b", "a\nb", "<script>", "x".repeat(129), "ä", "a\u0000"}) {
      String chosen = trusting.choose(bad, null);
      assertThat(chosen).as(bad).isNotEqualTo(bad).matches("[0-9a-f]{32}");
    }
  }

  @Test
  void takesTheTraceIdOfAValidTraceparent() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(trusting.choose(null, traceparent)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(trusting.choose("mine", traceparent)).as("the request id header wins").isEqualTo("mine");
    assertThat(RequestIds.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void refusesInvalidTraceparents() {
    String[] invalid = {
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
      "garbage",
    };
    for (String value : invalid) {
      assertThat(RequestIds.traceId(value)).as(value).isNull();
    }
  }

  @Test
  void neverTrustsIncomingWhenToldNotTo() {
    RequestIds strict = RequestIds.compile(new RequestIdConfig(null, null, false, null));
    assertThat(strict.choose("mine", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).matches("[0-9a-f]{32}");
  }

  @Test
  void generatedIdsAreDistinct() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(RequestIds.generate());
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void headerNameIsChecked() {
    assertThatThrownBy(() -> new RequestIdConfig(null, "X Request", null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 1000)
  void chosenIdsAreAlwaysSafeToLogAndEcho(@ForAll String incoming, @ForAll String traceparent) {
    String chosen = trusting.choose(incoming, traceparent);
    assertThat(RequestIds.isValid(chosen)).isTrue();
  }
}
