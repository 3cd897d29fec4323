package dev.bulwark.headers;

/** Checks on header values that come from configuration. */
final class HeaderValues {

  private HeaderValues() {}

  /** Refuses control characters, which would split or corrupt a header. */
  static void requireSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IllegalArgumentException(
            "header values must be printable ASCII without line breaks");
      }
    }
  }
}
