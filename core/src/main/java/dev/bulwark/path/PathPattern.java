package dev.bulwark.path;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern in the style of Spring's {@code PathPattern}: {@code /api/notes} matches itself,
 * {@code *} or {@code {name}} matches one segment, {@code **} matches any number of segments.
 * Patterns are compiled once; matching allocates nothing.
 */
public final class PathPattern {

  private final String source;
  private final String[] segments;
  private final boolean hasDoubleStar;

  private PathPattern(String source, String[] segments) {
    this.source = source;
    this.segments = segments;
    boolean doubleStar = false;
    for (String segment : segments) {
      doubleStar |= segment.equals("**");
    }
    this.hasDoubleStar = doubleStar;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException if the pattern does not start with {@code /}
   */
  public static PathPattern of(String pattern) {
    String trimmed = pattern.trim();
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("path pattern '" + trimmed + "' must start with '/'");
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
    return new PathPattern(trimmed, segments.toArray(String[]::new));
  }

  /** Returns whether a request path (without query string) matches. */
  public boolean matches(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    int end = path.length();
    if (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    return match(0, path, 1, end);
  }

  private boolean match(int segmentIndex, String path, int position, int end) {
    while (segmentIndex < segments.length) {
      String segment = segments[segmentIndex];
      if (segment.equals("**")) {
        if (segmentIndex == segments.length - 1) {
          return true;
        }
        int at = position;
        while (true) {
          if (match(segmentIndex + 1, path, at, end)) {
            return true;
          }
          int slash = path.indexOf('/', at);
          if (slash < 0 || slash >= end) {
            return false;
          }
          at = slash + 1;
        }
      }
      if (position > end) {
        return false;
      }
      int slash = path.indexOf('/', position);
      int segmentEnd = slash < 0 || slash > end ? end : slash;
      if (!segmentMatches(segment, path, position, segmentEnd)) {
        return false;
      }
      segmentIndex++;
      position = segmentEnd + 1;
    }
    return position > end;
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

  /** Returns whether the pattern has a {@code **} segment. */
  public boolean hasDoubleStar() {
    return hasDoubleStar;
  }

  @Override
  public String toString() {
    return source;
  }
}
