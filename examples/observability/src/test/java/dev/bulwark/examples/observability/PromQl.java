package dev.bulwark.examples.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression selects, well enough for the queries in this
 * module's files: it strips strings, label matchers, ranges, Grafana variables, label lists and
 * numbers, then keeps the identifiers that are neither functions nor keywords.
 */
public final class PromQl {

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
          "offset", "inf", "nan", "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk",
          "quantile", "count_values", "group", "limitk", "limit_ratio", "atan2");

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern LABEL_LISTS =
      Pattern.compile("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern OFFSETS = Pattern.compile("(?i)\\boffset\\s+-?\\w+");
  private static final Pattern NUMBERS = Pattern.compile("(?<![\\w:])(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]+?)\\s*,");

  private PromQl() {}

  /** Returns the metric names the expression selects. */
  public static Set<String> metricNames(String expression) {
    String text = STRINGS.matcher(expression).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGES.matcher(text).replaceAll(" ");
    text = VARIABLES.matcher(text).replaceAll(" ");
    text = LABEL_LISTS.matcher(text).replaceAll(" ");
    text = OFFSETS.matcher(text).replaceAll(" ");
    text = NUMBERS.matcher(text).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      String name = matcher.group();
      int next = matcher.end();
      while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
        next++;
      }
      boolean call = next < text.length() && text.charAt(next) == '(';
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Returns the metric names of a Grafana variable query: the selector of {@code
   * label_values(selector, label)}, or the query read as PromQL.
   */
  public static Set<String> variableQueryMetricNames(String query) {
    Matcher matcher = LABEL_VALUES.matcher(query);
    if (matcher.find()) {
      return metricNames(matcher.group(1));
    }
    return query.startsWith("label_values(") ? Set.of() : metricNames(query);
  }
}
