package dev.bulwark.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations in the two forms Spring Boot accepts: simple ({@code 500ms}, {@code 10s},
 * {@code 730d}) and ISO-8601 ({@code PT10S}). A bare number is refused: its unit would be a guess.
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("^([+]?\\d{1,18})(ns|us|ms|s|m|h|d)$");

  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SIMPLE.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      try {
        return switch (matcher.group(2)) {
          case "ns" -> Duration.ofNanos(amount);
          case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range", e);
      }
    }
    if (value.startsWith("p") || value.startsWith("-p")) {
      try {
        return Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "expected a duration with a unit such as 500ms, 10s, 5m, 1h, 730d or ISO-8601 PT10S");
  }

  /**
   * Formats a duration the way users write it, for messages and reports, in the largest unit that
   * keeps it exact, so that the text parses back to the same duration ({@code 1500us}, not {@code
   * 1ms}). Durations too long for nanoseconds that are not whole seconds come out in ISO-8601.
   */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (nanos != 0) {
      try {
        if (nanos % 1_000_000 == 0) {
          return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000) + "ms";
        }
        if (nanos % 1000 == 0) {
          return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000) + "us";
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos) + "ns";
      } catch (ArithmeticException e) {
        return duration.toString();
      }
    }
    if (seconds % 86400 == 0 && seconds != 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0 && seconds != 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds != 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
