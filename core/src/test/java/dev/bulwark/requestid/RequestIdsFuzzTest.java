package dev.bulwark.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.util.regex.Pattern;

/**
 * Fuzzes the choice of request id: whatever arrives, the id is 1 to 128 characters of {@code
 * A-Z a-z 0-9 . _ : -}; a valid incoming id is kept only when incoming ids are trusted; and a
 * {@code traceparent} yields its trace id exactly when it has the W3C shape, written here as a
 * regular expression independent of the hand-written parser.
 *
 * <p>Input lines: trust incoming ({@code t}/{@code f}), the request id header, the traceparent
 * header, a configured header name. A line {@code (null)} is an absent header.
 */
class RequestIdsFuzzTest {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern TRACEPARENT =
      Pattern.compile("(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?", Pattern.DOTALL);

  @FuzzTest
  void idsAreAlwaysSafeAndTraceparentFollowsTheSpec(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    boolean trust = in.flag(0);
    String incoming = in.nullable(1);
    String traceparent = in.nullable(2);

    String traceId = RequestIds.traceId(traceparent);
    assertThat(traceId).isEqualTo(modelTraceId(traceparent));

    RequestIds ids = RequestIds.compile(new RequestIdConfig(null, null, trust, null));
    String id = ids.choose(incoming, traceparent);
    assertThat(id).matches(ALLOWED);
    assertThat(RequestIds.isValid(id)).isTrue();
    assertThat(RequestIds.isValid(incoming)).isEqualTo(incoming != null && ALLOWED.matcher(incoming).matches());
    if (!trust) {
      assertThat(id).matches(GENERATED).isNotEqualTo(incoming);
    } else if (RequestIds.isValid(incoming)) {
      assertThat(id).isEqualTo(incoming);
    } else if (traceId != null) {
      assertThat(id).isEqualTo(traceId);
    } else {
      assertThat(id).matches(GENERATED);
    }

    String header = in.get(3);
    try {
      RequestIdConfig config = new RequestIdConfig(null, header, null, null);
      assertThat(config.header()).matches("[A-Za-z0-9-]{1,64}");
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, header);
    }
  }

  private static String modelTraceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    String value = traceparent.trim();
    var matcher = TRACEPARENT.matcher(value);
    if (!matcher.matches() || (value.startsWith("00") && value.length() != 55)) {
      return null;
    }
    if (matcher.group(1).matches("0+") || matcher.group(2).matches("0+")) {
      return null;
    }
    return matcher.group(1);
  }
}
