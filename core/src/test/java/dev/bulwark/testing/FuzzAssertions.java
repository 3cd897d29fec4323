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
   * characters of any of the inputs.
   */
  public static void assertEchoesAtMost(Throwable error, String... inputs) {
    String message = String.valueOf(error.getMessage());
    for (String input : inputs) {
      if (input == null || input.length() <= MAX_ECHO || message.length() <= MAX_ECHO) {
        continue;
      }
      for (int i = 0; i + MAX_ECHO < input.length(); i++) {
        String window = input.substring(i, i + MAX_ECHO + 1);
        if (message.contains(window)) {
          throw new AssertionError(
              "the message of " + error.getClass().getSimpleName() + " repeats more than " + MAX_ECHO
                  + " characters of its input: " + message);
        }
      }
    }
  }
}
