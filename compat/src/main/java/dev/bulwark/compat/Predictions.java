package dev.bulwark.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code observe} variant's adoption report predicted enforcing would change, set against
 * what a variant then showed in the browser: CSP violations keyed as the report keys them
 * (directive, what was blocked, page route), and refusals keyed by status and route. A key seen but
 * not predicted is a miss.
 *
 * <p>Routes and blocked sources are folded the way Bulwark folds them ({@code
 * dev.bulwark.adoption.Routes}, {@code dev.bulwark.headers.CspReports#blocked}); the harness has no
 * Bulwark module on its class path, so the two small rules are repeated here.
 */
final class Predictions {

  /** The three sets of one comparison, each a sorted list of keys such as {@code csp style-src-attr inline /owners}. */
  record Comparison(List<String> predictedAndSeen, List<String> seenNotPredicted, List<String> predictedNotSeen) {
    Comparison {
      predictedAndSeen = List.copyOf(predictedAndSeen);
      seenNotPredicted = List.copyOf(seenNotPredicted);
      predictedNotSeen = List.copyOf(predictedNotSeen);
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("predictedAndSeen", predictedAndSeen);
      json.put("seenNotPredicted", seenNotPredicted);
      json.put("predictedNotSeen", predictedNotSeen);
      return json;
    }
  }

  /** Chromium's console line for a blocked load or inline code, when the listener's record was lost. */
  private static final Pattern CONSOLE_DIRECTIVE = Pattern.compile("directive:? \"([a-z-]+)");

  private Predictions() {}

  /** The keys the adoption report lists: its CSP violations and its would-be refusals. */
  @SuppressWarnings("unchecked")
  static Set<String> predicted(Map<String, Object> adoption) {
    Set<String> keys = new LinkedHashSet<>();
    for (Object o : (List<Object>) adoption.getOrDefault("cspViolations", List.of())) {
      Map<String, Object> v = (Map<String, Object>) o;
      keys.add(cspKey(str(v.get("directive")), str(v.get("blocked")), str(v.get("page"))));
    }
    for (Object o : (List<Object>) adoption.getOrDefault("refusals", List.of())) {
      Map<String, Object> r = (Map<String, Object>) o;
      keys.add(refusalKey(((Number) r.get("status")).intValue(), str(r.get("route"))));
    }
    return keys;
  }

  /**
   * The keys a variant showed: its CSP violations of the given disposition ({@code enforce}, or
   * {@code report} for the observe variant's own report-only policy), and its refusals: a page
   * whose status became 4xx where the reference row's was not, and a failed sub-resource the
   * reference row did not have.
   */
  static Set<String> seen(List<PageResult> rows, List<PageResult> reference, String disposition) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      PageResult row = rows.get(i);
      PageResult ref = i < reference.size() ? reference.get(i) : null;
      String page = Routes.template(path(row.finalUrl()));
      for (String v : row.cspViolations()) {
        String key = cspFromRow(v, disposition, page);
        if (key != null) {
          keys.add(key);
        }
      }
      if (row.status() >= 400 && (ref == null || ref.status() != row.status())) {
        keys.add(refusalKey(row.status(), Routes.template(path(row.finalUrl()))));
      }
      Set<String> before = new LinkedHashSet<>();
      if (ref != null) {
        ref.failedRequests().forEach(f -> before.add(withoutPort(f)));
      }
      for (String failed : row.failedRequests()) {
        int space = failed.indexOf(' ');
        if (space < 0 || before.contains(withoutPort(failed))) {
          continue;
        }
        String why = failed.substring(0, space);
        if (why.matches("[45][0-9][0-9]")) {
          keys.add(refusalKey(Integer.parseInt(why), Routes.template(path(failed.substring(space + 1)))));
        }
        // blocked:csp loads are the CSP violations already keyed; net::ERR_ failures are no refusal.
      }
    }
    return keys;
  }

  static Comparison compare(Set<String> predicted, Set<String> seen) {
    List<String> both = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    for (String key : seen) {
      if (predicted.contains(key) || (key.startsWith("csp? ") && predicted.stream().anyMatch(p -> looseMatch(key, p)))) {
        both.add(key);
      } else {
        misses.add(key);
      }
    }
    List<String> unseen = new ArrayList<>();
    for (String key : predicted) {
      if (!seen.contains(key) && seen.stream().noneMatch(s -> s.startsWith("csp? ") && looseMatch(s, key))) {
        unseen.add(key);
      }
    }
    both.sort(null);
    misses.sort(null);
    unseen.sort(null);
    return new Comparison(both, misses, unseen);
  }

  /** A console-only violation ({@code csp? style-src /page}) matches any predicted directive of that family on the page. */
  private static boolean looseMatch(String loose, String predicted) {
    String[] l = loose.split(" ", 3);
    String[] p = predicted.split(" ", 4);
    return p.length == 4 && p[0].equals("csp") && p[1].startsWith(l[1]) && p[3].equals(l[2]);
  }

  static String cspKey(String directive, String blocked, String page) {
    return "csp " + directive + " " + blocked + " " + page;
  }

  static String refusalKey(int status, String route) {
    return "refusal " + status + " " + route;
  }

  /** A row's violation: the listener's {@code disposition directive blockedURI source:line}, or Chromium's console line. */
  private static String cspFromRow(String message, String disposition, String page) {
    String[] parts = message.split(" ", 4);
    if (parts.length >= 3 && (parts[0].equals("enforce") || parts[0].equals("report"))) {
      return parts[0].equals(disposition) ? cspKey(parts[1], blocked(parts[2]), page) : null;
    }
    boolean reportOnly = message.contains("report-only") || message.contains("Report-Only");
    if (reportOnly != disposition.equals("report")) {
      return null;
    }
    Matcher m = CONSOLE_DIRECTIVE.matcher(message);
    return m.find() ? "csp? " + m.group(1) + " " + page : "csp? ? " + page;
  }

  /** As Bulwark reports it: {@code inline}, {@code eval}, a scheme, or the origin of a URL. */
  static String blocked(String uri) {
    if (uri.isEmpty() || uri.equals("(none)")) {
      return "?";
    }
    if (uri.matches("[a-z-]{1,20}")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      int colon = uri.indexOf(':');
      return colon > 0 && uri.substring(0, colon).matches("[a-z][a-z0-9+.-]{0,19}") ? uri.substring(0, colon) : "?";
    }
    int end = uri.indexOf('/', scheme + 3);
    return end < 0 ? uri : uri.substring(0, end);
  }

  static String path(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url.startsWith("/") ? cut(url) : "?";
    }
    int slash = url.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : cut(url.substring(slash));
  }

  private static String cut(String path) {
    int q = path.indexOf('?');
    int h = path.indexOf('#');
    int end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
    return end < 0 ? path : path.substring(0, end);
  }

  private static String withoutPort(String failed) {
    return failed.replaceAll("://(localhost|127\\.0\\.0\\.1):[0-9]+", "://$1");
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  /** Bulwark's route folding: a segment with a digit that is a number, a UUID or 16+ characters becomes {@code {id}}. */
  static final class Routes {
    private Routes() {}

    static String template(String path) {
      if (path == null || path.isEmpty() || path.charAt(0) != '/') {
        return "?";
      }
      StringBuilder out = new StringBuilder();
      int segments = 0;
      int start = 1;
      while (start <= path.length()) {
        int end = path.indexOf('/', start);
        if (end < 0) {
          end = path.length();
        }
        if (++segments > 8) {
          out.append("/**");
          break;
        }
        String segment = path.substring(start, end);
        out.append('/').append(id(segment) ? "{id}" : clip(segment));
        start = end + 1;
      }
      return out.toString();
    }

    private static boolean id(String segment) {
      if (segment.chars().noneMatch(Character::isDigit)) {
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
}
