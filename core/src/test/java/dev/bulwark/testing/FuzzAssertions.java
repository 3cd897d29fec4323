package dev.bulwark.testing;

/** Checks shared by the fuzz tests. */
public final class FuzzAssertions {

  /**
   * The most characters of one input value an error message may repeat. Configuration errors show
   * the offending value so it can be found, abbreviated so that a pasted secret or a huge value
   * does not end up in full in a log.
   */
  public static final int MAX_ECHO = 80;

  private FuzzAssertions() {}

  /**
   * Fails if the message of {@code error} contains more than {@link #MAX_ECHO} consecutive
   * characters of any of the inputs (not counting a {@code ...} that marks where a value was cut).
   */
  public static void assertEchoesAtMost(Throwable error, String... inputs) {
    assertMessageEchoesAtMost(error, String.valueOf(error.getMessage()), inputs);
  }

  /**
   * Fails if {@code message} (the error's message, less any text it may show in full, such as the
   * names of unknown settings) contains more than {@link #MAX_ECHO} consecutive characters of any
   * of the inputs.
   */
  public static void assertMessageEchoesAtMost(Throwable error, String message, String... inputs) {
    for (String input : inputs) {
      if (input == null || input.length() <= MAX_ECHO || message.length() <= MAX_ECHO) {
        continue;
      }
      // a window of the limit plus the "..." that marks the cut, which may equal what follows in
      // the input (a fuzz test found 80 characters and a '.' that way)
      int window = MAX_ECHO + "...".length() + 1;
      for (int i = 0; i + window <= input.length(); i++) {
        String part = input.substring(i, i + window);
        if (message.contains(part)) {
          throw new AssertionError(
              "the message of " + error.getClass().getSimpleName() + " repeats more than " + MAX_ECHO
                  + " characters of its input: " + error.getMessage());
        }
      }
    }
  }
}
