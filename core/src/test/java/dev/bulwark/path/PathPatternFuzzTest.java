package dev.bulwark.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes path patterns: compiling refuses with {@link IllegalArgumentException} only, without
 * repeating long input; matching never throws and agrees with a model over segment lists ({@code **}
 * any number of segments, {@code *} and {@code {name}} one non-empty segment, {@code a*b} one
 * segment with that head and tail, anything else itself; one trailing slash of the path ignored).
 *
 * <p>Input lines: the pattern, then paths to match.
 */
class PathPatternFuzzTest {

  @FuzzTest
  void matchingAgreesWithTheSegmentModel(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    String source = in.get(0);
    boolean excludes = source.trim().startsWith("!");
    String body = excludes ? source.trim().substring(1) : source.trim();
    PathPattern pattern;
    try {
      pattern = PathPattern.of(source);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, source);
      assertThat(body).doesNotStartWith("/");
      return;
    }
    assertThat(pattern.toString()).isEqualTo(source.trim());
    assertThat(pattern.excludes()).isEqualTo(excludes);
    List<String> segments = patternSegments(body);
    assertThat(pattern.hasDoubleStar()).isEqualTo(segments.contains("**"));
    for (String path : in.from(1)) {
      boolean expected = path.startsWith("/") && new Model(segments, pathSegments(path)).matches(0, 0);
      assertThat(pattern.matches(path)).as("%s matches %s", source, path).isEqualTo(expected);
    }
  }

  private static List<String> patternSegments(String pattern) {
    List<String> segments = new java.util.ArrayList<>(Arrays.asList(pattern.substring(1).split("/", -1)));
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    return segments;
  }

  private static List<String> pathSegments(String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return Arrays.asList(trimmed.substring(1).split("/", -1));
  }

  /** Matching by dynamic programming over (pattern segment, path segment): polynomial whatever the pattern. */
  private static final class Model {
    private final List<String> pattern;
    private final List<String> path;
    private final Map<Long, Boolean> memo = new HashMap<>();

    Model(List<String> pattern, List<String> path) {
      this.pattern = pattern;
      this.path = path;
    }

    boolean matches(int p, int s) {
      long key = ((long) p << 32) | s;
      Boolean known = memo.get(key);
      if (known != null) {
        return known;
      }
      boolean result;
      if (p == pattern.size()) {
        result = s == path.size();
      } else if (pattern.get(p).equals("**")) {
        result = matches(p + 1, s) || (s < path.size() && matches(p, s + 1));
      } else {
        result = s < path.size() && segmentMatches(pattern.get(p), path.get(s)) && matches(p + 1, s + 1);
      }
      memo.put(key, result);
      return result;
    }

    private static boolean segmentMatches(String segment, String actual) {
      if (segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}"))) {
        return !actual.isEmpty();
      }
      int star = segment.indexOf('*');
      if (star < 0) {
        return segment.equals(actual);
      }
      String head = segment.substring(0, star);
      String tail = segment.substring(star + 1);
      return actual.length() >= head.length() + tail.length() && actual.startsWith(head) && actual.endsWith(tail);
    }
  }
}
