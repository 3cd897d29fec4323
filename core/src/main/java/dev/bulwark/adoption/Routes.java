package dev.bulwark.adoption;

/**
 * Turns a request path into the route it most likely belongs to, so that the adoption report groups
 * {@code /owners/1} and {@code /owners/2} as {@code /owners/{id}} and stays small: a segment that
 * holds a digit and is a number, a UUID, or a long token becomes {@code {id}}.
 */
final class Routes {

  private static final int MAX_SEGMENTS = 8;

  private Routes() {}

  static String template(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return "?";
    }
    StringBuilder out = new StringBuilder(Math.min(path.length(), 120));
    int segments = 0;
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (++segments > MAX_SEGMENTS) {
        out.append("/**");
        break;
      }
      String segment = path.substring(start, end);
      out.append('/').append(looksLikeAnId(segment) ? "{id}" : clip(segment));
      start = end + 1;
    }
    return out.toString();
  }

  private static boolean looksLikeAnId(String segment) {
    boolean digit = false;
    for (int i = 0; i < segment.length(); i++) {
      if (Character.isDigit(segment.charAt(i))) {
        digit = true;
        break;
      }
    }
    if (!digit) {
      return false;
    }
    return segment.chars().allMatch(Character::isDigit)
        || segment.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
        || segment.length() >= 16;
  }

  private static String clip(String segment) {
    String safe = segment.length() > 40 ? segment.substring(0, 40) + "..." : segment;
    return safe.replaceAll("[^A-Za-z0-9._~{}*-]", "_");
  }
}
