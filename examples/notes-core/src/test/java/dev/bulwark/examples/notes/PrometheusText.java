package dev.bulwark.examples.notes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values out of a Prometheus text scrape, for tests that watch a meter move. */
public final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)");

  private PrometheusText() {}

  /**
   * The sum of every sample of a metric whose labels contain each of some texts (such as {@code
   * rule="closed"}), or of all its samples for none; -1 when no sample matches.
   */
  public static double sum(String scrape, String name, String... labels) {
    Matcher sample = SAMPLE.matcher(scrape);
    double sum = 0;
    boolean found = false;
    while (sample.find()) {
      String sampleLabels = sample.group(2) == null ? "" : sample.group(2);
      if (sample.group(1).equals(name) && java.util.Arrays.stream(labels).allMatch(sampleLabels::contains)) {
        sum += Double.parseDouble(sample.group(3));
        found = true;
      }
    }
    return found ? sum : -1;
  }
}
