package dev.bulwark.internal;

/**
 * Shortens configuration values quoted in error messages, so that a huge value (or a secret pasted
 * into the wrong setting) never ends up in full in a start-up log.
 */
public final class Snippet {

  /** The most characters of a value an error message quotes. */
  public static final int MAX = 60;

  private Snippet() {}

  /** Returns the value, or its first {@value #MAX} characters followed by {@code ...}. */
  public static String of(String value) {
    return value.length() > MAX ? value.substring(0, MAX) + "..." : value;
  }
}
