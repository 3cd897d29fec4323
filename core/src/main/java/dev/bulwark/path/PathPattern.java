package dev.bulwark.path;

import dev.bulwark.internal.Snippet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path pattern in the style of Spring's {@code PathPattern}: {@code /api/notes} matches itself,
 * {@code *} or {@code {name}} matches one segment, {@code **} matches any number of segments.
 * Patterns are compiled once; matching allocates nothing.
 *
 * <p>A pattern that starts with {@code !} excludes: in a list ({@link #anyMatches}), a path matches
 * when one of the other patterns matches it and no excluding one does ({@code /**, !/css/**}).
 */
public final class PathPattern {

  private final String source;
  private final String[] segments;
  private final boolean hasDoubleStar;
  private final boolean excludes;

  private PathPattern(String source, String[] segments, boolean excludes) {
    this.source = source;
    this.segments = segments;
    this.excludes = excludes;
    boolean doubleStar = false;
    for (String segment : segments) {
      doubleStar |= segment.equals("**");
    }
    this.hasDoubleStar = doubleStar;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException if the pattern does not start with {@code /} (or {@code !/}
   *     for an exclusion)
   */
  public static PathPattern of(String pattern) {
    String trimmed = pattern.trim();
    boolean excludes = trimmed.startsWith("!");
    if (excludes) {
      trimmed = trimmed.substring(1);
    }
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException(
          "path pattern '" + Snippet.of(pattern.trim()) + "' must start with '/' (or '!/' to exclude)");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : trimmed.substring(1).split("/", -1)) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        segments.add("*");
      } else {
        segments.add(segment);
      }
    }
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    return new PathPattern(excludes ? "!" + trimmed : trimmed, segments.toArray(String[]::new), excludes);
  }

  /**
   * Returns whether a list of patterns matches a path: one that does not exclude matches it and no
   * excluding one does. An empty list, or one of exclusions only, matches nothing.
   */
  public static boolean anyMatches(PathPattern[] patterns, String path) {
    boolean matched = false;
    for (PathPattern pattern : patterns) {
      if (pattern.excludes) {
        if (pattern.matches(path)) {
          return false;
        }
      } else if (!matched && pattern.matches(path)) {
        matched = true;
      }
    }
    return matched;
  }

  /** Returns whether this pattern excludes the paths it matches (it was written {@code !/...}). */
  public boolean excludes() {
    return excludes;
  }

  /**
   * Returns whether a request path (without query string) matches, ignoring a leading {@code !}
   * (only {@link #anyMatches} applies exclusions). {@code **} is matched like
   * {@code *} in a glob: only the last one is remembered, and on a mismatch it absorbs one more
   * segment. Time is at most the path's segments times the pattern's, whatever the number of {@code
   * **}; trying every split instead is exponential in them, which a long request path exploits.
   */
  public boolean matches(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    int end = path.length();
    if (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    // position: the start of the current path segment; the path is used up once position > end
    int segment = 0;
    int position = 1;
    int starSegment = -1;
    int starPosition = -1;
    while (position <= end) {
      if (segment < segments.length && segments[segment].equals("**")) {
        starSegment = segment++;
        starPosition = position;
        continue;
      }
      if (segment < segments.length) {
        int segmentEnd = segmentEnd(path, position, end);
        if (segmentMatches(segments[segment], path, position, segmentEnd)) {
          segment++;
          position = segmentEnd + 1;
          continue;
        }
      }
      if (starSegment < 0) {
        return false;
      }
      // backtrack: the last ** takes one more segment, and the rest of the pattern starts after it
      starPosition = segmentEnd(path, starPosition, end) + 1;
      position = starPosition;
      segment = starSegment + 1;
    }
    while (segment < segments.length && segments[segment].equals("**")) {
      segment++;
    }
    return segment == segments.length;
  }

  private static int segmentEnd(String path, int position, int end) {
    int slash = path.indexOf('/', position);
    return slash < 0 || slash > end ? end : slash;
  }

  private static boolean segmentMatches(String segment, String path, int from, int to) {
    int length = to - from;
    if (segment.equals("*")) {
      return length > 0;
    }
    int star = segment.indexOf('*');
    if (star < 0) {
      return segment.length() == length && path.regionMatches(from, segment, 0, length);
    }
    String head = segment.substring(0, star);
    String tail = segment.substring(star + 1);
    return length >= head.length() + tail.length()
        && path.regionMatches(from, head, 0, head.length())
        && path.regionMatches(to - tail.length(), tail, 0, tail.length());
  }

  /** A segment no configured literal contains: what a path variable is probed with. */
  private static final String ANY_SEGMENT = "\u0000";

  /**
   * Returns whether this pattern matches every path the other one matches. It answers {@code true}
   * only where that is certain: for another pattern of literal segments, optionally ending in
   * {@code **} ({@code /api/notes}, {@code /api/notes/**}); any other wildcard in the other pattern
   * answers {@code false}, as does an excluding pattern on either side.
   */
  public boolean covers(PathPattern other) {
    if (excludes || other.excludes) {
      return false;
    }
    int literals = other.segments.length;
    boolean openEnded = literals > 0 && other.segments[literals - 1].equals("**");
    if (openEnded) {
      literals--;
    }
    // A whole-segment * of the other (a path variable) stands for any segment: only a * or ** of
    // this pattern takes every one, so it is probed with a segment no literal can equal.
    String[] probe = new String[literals];
    for (int i = 0; i < literals; i++) {
      String segment = other.segments[i];
      if (segment.equals("*")) {
        probe[i] = ANY_SEGMENT;
      } else if (segment.indexOf('*') >= 0) {
        return false;
      } else {
        probe[i] = segment;
      }
    }
    if (!openEnded) {
      return matches(literals == 0 ? other.source : "/" + String.join("/", probe));
    }
    // The other covers a path and everything under it: this must end in ** after a head that
    // already matches that path or one of its ancestors, so that the ** takes up whatever follows.
    if (segments.length == 0 || !segments[segments.length - 1].equals("**")) {
      return false;
    }
    if (segments.length == 1) {
      return true;
    }
    PathPattern head = new PathPattern(source, Arrays.copyOf(segments, segments.length - 1), false);
    StringBuilder ancestor = new StringBuilder();
    for (int i = 0; i < literals; i++) {
      ancestor.append('/').append(probe[i]);
      if (head.matches(ancestor.toString())) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the pattern has a {@code **} segment. */
  public boolean hasDoubleStar() {
    return hasDoubleStar;
  }

  @Override
  public String toString() {
    return source;
  }
}
