package dev.bulwark.servlet;

import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local re-implementation of the scoring of the <a
 * href="https://developer.mozilla.org/en-US/observatory">MDN HTTP Observatory</a> for one HTTPS
 * response, so that tests can assert the grade a deployed application would get without network
 * access to the real grader.
 *
 * <h2>Where the rules come from</h2>
 *
 * Ported from the source of the grader, repository {@code mdn/mdn-http-observatory} (algorithm
 * version 4):
 *
 * <ul>
 *   <li>{@code src/scanner/index.js}: the ten tests, the baseline of 100, bonuses (positive
 *       modifiers) counted only when the score with penalties alone is at least 90, the accepted
 *       status codes (2xx, 3xx, 401, 403);
 *   <li>{@code src/grader/charts.js}: {@code SCORE_TABLE} (the modifier of each result), {@code
 *       GRADE_CHART} and {@code MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90};
 *   <li>{@code src/grader/grader.js}: the score is floored at 0 and rounded down to a multiple of 5
 *       (capped at 100) to look up the grade, so 100 and above is A+;
 *   <li>{@code src/analyzer/tests/*.js} ({@code csp.js}, {@code strict-transport-security.js},
 *       {@code x-content-type-options.js}, {@code x-frame-options.js}, {@code referrer-policy.js},
 *       {@code cross-origin-resource-policy.js}, {@code cookies.js}, {@code cors.js}, {@code
 *       subresource-integrity.js}) and {@code src/analyzer/cspParser.js}: how each test reads its
 *       header;
 *   <li>{@code src/types.js}: the result names, used verbatim here.
 * </ul>
 *
 * The same tables, minus CORP and plus contribute.json / X-XSS-Protection, are in the retired
 * Python grader, {@code mozilla/http-observatory}, {@code httpobs/scanner/grader/grade.py}; the
 * MDN version is the one the public site runs today.
 *
 * <h2>What is graded, and what is assumed</h2>
 *
 * <ul>
 *   <li>The response given <em>is</em> the HTTPS response (the scanner's {@code auto} and {@code
 *       https} responses), with a valid certificate. Applications under test run behind a
 *       TLS-terminating proxy, so the grade only holds when that proxy really serves HTTPS.
 *   <li><b>Redirection</b> is always {@code redirection-not-needed-no-http} (modifier 0): the
 *       HTTP-to-HTTPS redirect is the proxy's job and is not exercised here. A deployment that
 *       serves plain HTTP without redirecting would lose 20 points on the real grader.
 *   <li><b>HSTS preload</b> is never detected (the real grader gives +5 to sites on the Chromium
 *       preload list).
 *   <li><b>CORS</b> is read from the same response: no {@code Access-Control-Allow-Origin} means
 *       not implemented. The real grader sends a separate pre-flight from {@code
 *       https://http-observatory.security.mozilla.org}.
 *   <li><b>Cookies</b> are those of the response's {@code Set-Cookie} headers only; none means
 *       {@code cookies-not-found}. The real grader also collects cookies from redirects and from
 *       {@code /robots.txt}.
 *   <li>{@code <meta http-equiv>} policies in the page are not read; CSP and Referrer-Policy come
 *       from headers only.
 *   <li>Registrable domains for SRI are approximated by the last two labels of the host (the real
 *       grader uses the public suffix list).
 *   <li>CSP sources are sorted by code point where the real parser uses an English collator; this
 *       only matters for pruning near-duplicate sources.
 * </ul>
 *
 * Faithful quirks kept on purpose: a {@code default-src 'none'} policy earns +10 without looking
 * at {@code form-action}; any {@code frame-ancestors} directive earns the X-Frame-Options +5; a
 * non-numeric HSTS {@code max-age} parses as {@code NaN}, which the original does not count as
 * less than six months.
 */
public final class ObservatoryGrader {

  /** The baseline every site starts from. */
  public static final int BASELINE = 100;

  /** Bonuses only count when the score with penalties alone reaches this. */
  public static final int MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;

  /** One test's outcome, as the Observatory reports it. */
  public record TestResult(String test, String result, int modifier, boolean pass, String data) {}

  /** The outcome of a scan. */
  public record Grade(int score, String grade, List<TestResult> tests) {

    /** The result of one test by its name, such as {@code "content-security-policy"}. */
    public TestResult test(String name) {
      return tests.stream()
          .filter(t -> t.test().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no test " + name));
    }

    /** The score and grade followed by one line per test, for assertion messages. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append("MDN HTTP Observatory (local): score ").append(score).append(", grade ").append(grade).append('\n');
      for (TestResult t : tests) {
        out.append(String.format(Locale.ROOT, "  %-30s %-62s %+4d %s%s%n",
            t.test(), t.result(), t.modifier(), t.pass() ? "pass" : "FAIL",
            t.data() == null ? "" : "  [" + t.data() + "]"));
      }
      return out.toString();
    }

    @Override
    public String toString() {
      return table();
    }
  }

  // --- SCORE_TABLE (src/grader/charts.js) ---------------------------------------------------------

  private static final Map<String, Integer> SCORE_TABLE = new LinkedHashMap<>();

  static {
    // CSP
    SCORE_TABLE.put("csp-implemented-with-no-unsafe-default-src-none", 10);
    SCORE_TABLE.put("csp-implemented-with-no-unsafe", 5);
    SCORE_TABLE.put("csp-implemented-with-unsafe-inline-in-style-src-only", 0);
    SCORE_TABLE.put("csp-implemented-with-insecure-scheme-in-passive-content-only", -10);
    SCORE_TABLE.put("csp-implemented-with-unsafe-eval", -10);
    SCORE_TABLE.put("csp-implemented-with-unsafe-inline", -20);
    SCORE_TABLE.put("csp-implemented-with-insecure-scheme", -20);
    SCORE_TABLE.put("csp-header-invalid", -25);
    SCORE_TABLE.put("csp-not-implemented", -25);
    SCORE_TABLE.put("csp-not-implemented-but-reporting-enabled", -25);
    SCORE_TABLE.put("csp-implemented-but-duplicate-directives", 0);
    // Cookies
    SCORE_TABLE.put("cookies-secure-with-httponly-sessions-and-samesite", 5);
    SCORE_TABLE.put("cookies-secure-with-httponly-sessions", 0);
    SCORE_TABLE.put("cookies-not-found", 0);
    SCORE_TABLE.put("cookies-without-secure-flag-but-protected-by-hsts", -5);
    SCORE_TABLE.put("cookies-session-without-secure-flag-but-protected-by-hsts", -10);
    SCORE_TABLE.put("cookies-without-secure-flag", -20);
    SCORE_TABLE.put("cookies-samesite-flag-invalid", -20);
    SCORE_TABLE.put("cookies-anticsrf-without-samesite-flag", -20);
    SCORE_TABLE.put("cookies-session-without-httponly-flag", -30);
    SCORE_TABLE.put("cookies-session-without-secure-flag", -40);
    // CORS
    SCORE_TABLE.put("cross-origin-resource-sharing-not-implemented", 0);
    SCORE_TABLE.put("cross-origin-resource-sharing-implemented-with-public-access", 0);
    SCORE_TABLE.put("cross-origin-resource-sharing-implemented-with-restricted-access", 0);
    SCORE_TABLE.put("cross-origin-resource-sharing-implemented-with-universal-access", -50);
    // Redirection
    SCORE_TABLE.put("redirection-all-redirects-preloaded", 0);
    SCORE_TABLE.put("redirection-to-https", 0);
    SCORE_TABLE.put("redirection-not-needed-no-http", 0);
    SCORE_TABLE.put("redirection-off-host-from-http", -5);
    SCORE_TABLE.put("redirection-not-to-https-on-initial-redirection", -10);
    SCORE_TABLE.put("redirection-not-to-https", -20);
    SCORE_TABLE.put("redirection-missing", -20);
    SCORE_TABLE.put("redirection-invalid-cert", -20);
    // Referrer-Policy
    SCORE_TABLE.put("referrer-policy-private", 5);
    SCORE_TABLE.put("referrer-policy-not-implemented", 0);
    SCORE_TABLE.put("referrer-policy-unsafe", -5);
    SCORE_TABLE.put("referrer-policy-header-invalid", -5);
    // HSTS
    SCORE_TABLE.put("hsts-preloaded", 5);
    SCORE_TABLE.put("hsts-implemented-max-age-at-least-six-months", 0);
    SCORE_TABLE.put("hsts-implemented-max-age-less-than-six-months", -10);
    SCORE_TABLE.put("hsts-not-implemented", -20);
    SCORE_TABLE.put("hsts-header-invalid", -20);
    SCORE_TABLE.put("hsts-not-implemented-no-https", -20);
    SCORE_TABLE.put("hsts-invalid-cert", -20);
    // SRI
    SCORE_TABLE.put("sri-implemented-and-all-scripts-loaded-securely", 5);
    SCORE_TABLE.put("sri-implemented-and-external-scripts-loaded-securely", 5);
    SCORE_TABLE.put("sri-not-implemented-response-not-html", 0);
    SCORE_TABLE.put("sri-not-implemented-but-no-scripts-loaded", 0);
    SCORE_TABLE.put("sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0);
    SCORE_TABLE.put("sri-not-implemented-but-external-scripts-loaded-securely", -5);
    SCORE_TABLE.put("sri-implemented-but-external-scripts-not-loaded-securely", -20);
    SCORE_TABLE.put("sri-not-implemented-and-external-scripts-not-loaded-securely", -50);
    // X-Content-Type-Options
    SCORE_TABLE.put("x-content-type-options-nosniff", 0);
    SCORE_TABLE.put("x-content-type-options-not-implemented", -5);
    SCORE_TABLE.put("x-content-type-options-header-invalid", -5);
    // X-Frame-Options
    SCORE_TABLE.put("x-frame-options-implemented-via-csp", 5);
    SCORE_TABLE.put("x-frame-options-sameorigin-or-deny", 0);
    SCORE_TABLE.put("x-frame-options-allow-from-origin", 0);
    SCORE_TABLE.put("x-frame-options-not-implemented", -20);
    SCORE_TABLE.put("x-frame-options-header-invalid", -20);
    // Cross-Origin-Resource-Policy
    SCORE_TABLE.put("corp-header-invalid", -5);
    SCORE_TABLE.put("corp-implemented-with-cross-origin", 0);
    SCORE_TABLE.put("corp-implemented-with-same-origin", 10);
    SCORE_TABLE.put("corp-implemented-with-same-site", 10);
    SCORE_TABLE.put("corp-not-implemented", 0);
  }

  /** The modifier of a result name, as in {@code SCORE_TABLE}. */
  public static int modifier(String result) {
    Integer modifier = SCORE_TABLE.get(result);
    if (modifier == null) {
      throw new IllegalArgumentException("unknown result " + result);
    }
    return modifier;
  }

  /** {@code GRADE_CHART} and {@code getGradeForScore}. */
  public static String letter(int score) {
    int s = Math.max(score, 0);
    int bucket = Math.min(s - (s % 5), 100);
    if (bucket >= 100) return "A+";
    if (bucket >= 90) return "A";
    if (bucket >= 85) return "A-";
    if (bucket >= 80) return "B+";
    if (bucket >= 70) return "B";
    if (bucket >= 65) return "B-";
    if (bucket >= 60) return "C+";
    if (bucket >= 50) return "C";
    if (bucket >= 45) return "C-";
    if (bucket >= 40) return "D+";
    if (bucket >= 30) return "D";
    if (bucket >= 25) return "D-";
    return "F";
  }

  private ObservatoryGrader() {}

  // --- Entry points -------------------------------------------------------------------------------

  /**
   * Grades a response received by a test, as if it had been fetched over HTTPS. The site's host
   * is the request's {@code Host} header, else the host of its URI; the CORS origin is the
   * request's {@code Origin} header, if any.
   *
   * @throws IllegalArgumentException for a status code the Observatory refuses to grade (below
   *     200, or 400 and above except 401 and 403)
   */
  public static Grade grade(HttpResponse<?> response) {
    int status = response.statusCode();
    if (status < 200 || (status >= 400 && status != 401 && status != 403)) {
      throw new IllegalArgumentException("the Observatory refuses to grade an HTTP " + status + " response");
    }
    HttpHeaders request = response.request().headers();
    String host = request.firstValue("Host").orElse(response.request().uri().getHost());
    String origin = request.firstValue("Origin").orElse(null);
    Object body = response.body();
    return grade(host, response.headers().map(), body instanceof String s ? s : "", origin);
  }

  /** Grades headers and a body served over HTTPS from a host, without a CORS origin. */
  public static Grade grade(String host, Map<String, List<String>> headers, String body) {
    return grade(host, headers, body, null);
  }

  /**
   * Grades headers and a body served over HTTPS.
   *
   * @param host the site's host name, for telling same-site scripts from foreign ones
   * @param headers the response headers; names are matched without regard to case
   * @param body the response body (only read for HTML)
   * @param corsOrigin the {@code Origin} the response answered, or {@code null}
   */
  public static Grade grade(String host, Map<String, List<String>> headers, String body, String corsOrigin) {
    Headers h = new Headers(headers);
    CspOutcome csp = contentSecurityPolicy(h);
    Outcome hsts = strictTransportSecurity(h);
    List<Outcome> outcomes =
        List.of(
            csp.outcome(),
            cookies(h, hsts.pass()),
            crossOriginResourceSharing(h, corsOrigin),
            new Outcome("redirection", "redirection-not-needed-no-http", true,
                "HTTPS response graded directly; HTTP->HTTPS redirect not exercised"),
            referrerPolicy(h),
            hsts,
            subresourceIntegrity(h, body == null ? "" : body, host),
            xContentTypeOptions(h),
            xFrameOptions(h, csp),
            crossOriginResourcePolicy(h));

    int withExtraCredit = BASELINE;
    int uncurved = BASELINE;
    List<TestResult> results = new ArrayList<>();
    for (Outcome o : outcomes) {
      int modifier = modifier(o.result());
      results.add(new TestResult(o.test(), o.result(), modifier, o.pass(), o.data()));
      withExtraCredit += modifier;
      if (modifier < 0) {
        uncurved += modifier;
      }
    }
    int score = Math.max(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved, 0);
    return new Grade(score, letter(score), List.copyOf(results));
  }

  private record Outcome(String test, String result, boolean pass, String data) {}

  /**
   * Headers as axios hands them to the analyzers: case-insensitive names, and repeated headers
   * joined with ", " (Node keeps only the first Content-Type, and Set-Cookie as a list).
   */
  private static final class Headers {
    private final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Headers(Map<String, List<String>> headers) {
      headers.forEach((name, values) -> {
        if (name != null && values != null) {
          map.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
        }
      });
    }

    List<String> all(String name) {
      return map.getOrDefault(name, List.of());
    }

    /** The joined value, or {@code null} when absent. */
    String joined(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? null : String.join(", ", values);
    }

    String first(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  private static String slice(String s, int end) {
    return s.length() <= end ? s : s.substring(0, end);
  }

  // --- Content-Security-Policy (src/analyzer/tests/csp.js, src/analyzer/cspParser.js) --------------

  private static final Set<String> DANGEROUSLY_BROAD =
      Set.of("ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*");
  private static final Set<String> DANGEROUSLY_BROAD_AND_UNSAFE_INLINE;

  static {
    Set<String> union = new HashSet<>(DANGEROUSLY_BROAD);
    union.add("'unsafe-inline'");
    union.add("data:");
    DANGEROUSLY_BROAD_AND_UNSAFE_INLINE = Set.copyOf(union);
  }

  private static final List<String> PASSIVE_DIRECTIVES = List.of("img-src", "media-src");
  private static final List<String> NONCES_HASHES = List.of("'sha256-", "'sha384-", "'sha512-", "'nonce-");
  private static final String DUPLICATE_WARNINGS_KEY = "_observatory_duplicate_warnings";
  private static final Set<String> ALLOWED_DUPLICATE_KEYS = Set.of("report-uri", "report-to");
  private static final int SHORTEST_DIRECTIVE_LENGTH = "img-src".length() - 1;

  private record CspOutcome(Outcome outcome, Map<String, Set<String>> data) {}

  private static final class InvalidCsp extends Exception {
    InvalidCsp(String message) {
      super(message, null, false, false);
    }
  }

  private static boolean startsWithNonceOrHash(Set<String> sources) {
    return sources.stream().anyMatch(s -> NONCES_HASHES.stream().anyMatch(s::startsWith));
  }

  private static CspOutcome contentSecurityPolicy(Headers headers) {
    String name = "content-security-policy";
    List<String> policies = new ArrayList<>();
    for (String value : headers.all("Content-Security-Policy")) {
      for (String policy : value.split(",", -1)) {
        policies.add(policy.trim());
      }
    }
    String raw = headers.joined("Content-Security-Policy");

    Map<String, Set<String>> csp;
    try {
      csp = parseCsp(policies);
    } catch (InvalidCsp e) {
      return new CspOutcome(new Outcome(name, "csp-header-invalid", false, raw + " (" + e.getMessage() + ")"), null);
    }
    if (csp.isEmpty()) {
      String reportOnly = headers.joined("Content-Security-Policy-Report-Only");
      String result = reportOnly != null && !reportOnly.isEmpty() ? "csp-not-implemented-but-reporting-enabled" : "csp-not-implemented";
      return new CspOutcome(new Outcome(name, result, false, null), null);
    }

    String result = null;
    // The analyzers share (and mutate) the parsed sets, as in the original.
    Set<String> objectSrc = directive(csp, "object-src", "default-src");
    Set<String> scriptSrc = directive(csp, "script-src", "default-src");
    Set<String> styleSrc = directive(csp, "style-src", "default-src");

    // 'unsafe-inline' is ignored by browsers once a nonce or hash is present.
    for (Set<String> sources : List.of(scriptSrc, styleSrc)) {
      if (startsWithNonceOrHash(sources) && sources.contains("'unsafe-inline'")) {
        sources.remove("'unsafe-inline'");
      }
    }
    // 'strict-dynamic' needs a nonce or hash; with one, host sources, 'self' and 'unsafe-inline' are ignored.
    if (startsWithNonceOrHash(scriptSrc) && scriptSrc.contains("'strict-dynamic'")) {
      scriptSrc.removeIf(
          s -> DANGEROUSLY_BROAD.stream().anyMatch(s::startsWith) || s.equals("'self'") || s.equals("'unsafe-inline'"));
    } else if (scriptSrc.contains("'strict-dynamic'")) {
      result = "csp-header-invalid";
    }

    List<String> active = new ArrayList<>();
    csp.forEach((directive, sources) -> {
      if (!PASSIVE_DIRECTIVES.contains(directive) && !directive.equals("script-src")) {
        active.addAll(sources);
      }
    });
    active.addAll(scriptSrc);
    List<String> passive = new ArrayList<>();
    for (String directive : PASSIVE_DIRECTIVES) {
      Set<String> sources = csp.containsKey(directive) ? csp.get(directive) : csp.get("default-src");
      if (sources != null) {
        passive.addAll(sources);
      }
    }

    if (scriptSrc.stream().anyMatch(DANGEROUSLY_BROAD_AND_UNSAFE_INLINE::contains)
        || objectSrc.stream().anyMatch(DANGEROUSLY_BROAD::contains)) {
      result = first(result, "csp-implemented-with-unsafe-inline");
    }
    // The site is HTTPS: no http: or ftp: for active content.
    if (active.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
      result = first(result, "csp-implemented-with-insecure-scheme");
    }
    if (scriptSrc.contains("'unsafe-eval'") || styleSrc.contains("'unsafe-eval'")) {
      result = first(result, "csp-implemented-with-unsafe-eval");
    }
    if (passive.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
      result = first(result, "csp-implemented-with-insecure-scheme-in-passive-content-only");
    }
    if (styleSrc.stream().anyMatch(DANGEROUSLY_BROAD_AND_UNSAFE_INLINE::contains)) {
      result = first(result, "csp-implemented-with-unsafe-inline-in-style-src-only");
    }
    Set<String> defaultSrc = csp.get("default-src");
    if (defaultSrc != null && defaultSrc.contains("'none'") && defaultSrc.size() == 1) {
      result = first(result, "csp-implemented-with-no-unsafe-default-src-none");
    } else {
      result = first(result, "csp-implemented-with-no-unsafe");
    }

    boolean pass =
        Set.of(
                "csp-implemented-with-no-unsafe",
                "csp-implemented-with-no-unsafe-default-src-none",
                "csp-implemented-with-unsafe-inline-in-style-src-only",
                "csp-implemented-with-insecure-scheme-in-passive-content-only")
            .contains(result);
    if (pass && csp.containsKey(DUPLICATE_WARNINGS_KEY)) {
      result = "csp-implemented-but-duplicate-directives";
    }
    Map<String, Set<String>> data = new LinkedHashMap<>(csp);
    data.remove(DUPLICATE_WARNINGS_KEY);
    return new CspOutcome(new Outcome(name, result, pass, raw), data);
  }

  private static String first(String current, String candidate) {
    return current == null ? candidate : current;
  }

  private static Set<String> directive(Map<String, Set<String>> csp, String name, String fallback) {
    if (csp.containsKey(name)) return csp.get(name);
    if (csp.containsKey(fallback)) return csp.get(fallback);
    return new LinkedHashSet<>(List.of("*"));
  }

  private static final class Source {
    final String source;
    final int index;
    boolean keep;

    Source(String source, int index, boolean keep) {
      this.source = source;
      this.index = index;
      this.keep = keep;
    }
  }

  /** {@code parseCsp}: directives to source sets; several policies are intersected. */
  private static Map<String, Set<String>> parseCsp(List<String> cspList) throws InvalidCsp {
    List<String> clean = new ArrayList<>();
    for (String policy : cspList) {
      clean.add(policy.replaceAll("[\\r\\n]", "").trim());
    }
    if (clean.isEmpty()) {
      return new LinkedHashMap<>();
    }
    for (String policy : clean) {
      if (policy.isEmpty() || policy.length() < SHORTEST_DIRECTIVE_LENGTH) {
        throw new InvalidCsp("invalid policy: '" + policy + "'");
      }
    }
    Map<String, List<Source>> csp = new LinkedHashMap<>();
    Set<String> duplicateWarnings = new LinkedHashSet<>();
    for (int policyIndex = 0; policyIndex < clean.size(); policyIndex++) {
      Set<String> seen = new HashSet<>();
      for (String entry : clean.get(policyIndex).split(";", -1)) {
        String[] parts = entry.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
          continue;
        }
        String directive = parts[0].toLowerCase(Locale.ROOT);
        if (!seen.add(directive)) {
          if (ALLOWED_DUPLICATE_KEYS.contains(directive)) {
            duplicateWarnings.add(directive);
          } else {
            throw new InvalidCsp("duplicate directive " + directive + " in policy " + policyIndex);
          }
        }
        boolean keep = policyIndex == 0;
        List<Source> values = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
          values.add(new Source(parts[i].trim().toLowerCase(Locale.ROOT), policyIndex, keep));
        }
        if (values.isEmpty() && directive.endsWith("-src")) {
          values.add(new Source("'none'", policyIndex, keep));
        }
        List<Source> combined = new ArrayList<>();
        if (policyIndex != 0) {
          combined.addAll(csp.getOrDefault(directive, List.of()));
        }
        combined.addAll(values);
        combined.sort(Comparator.comparing(s -> s.source));
        for (int i = 1; i < combined.size(); i++) {
          Source source = combined.get(i);
          Source prev = combined.get(i - 1);
          // Within one policy a longer source starting like the previous one is superfluous.
          if (source.index == prev.index && source.source.startsWith(prev.source)) {
            source.keep = false;
          }
          // Across policies a source must be allowed by both.
          if (source.index != prev.index && pathPartMatch(prev.source, source.source)) {
            source.keep = true;
          }
        }
        List<Source> kept = new ArrayList<>();
        for (Source s : combined) {
          if (s.keep) kept.add(s);
        }
        csp.put(directive, kept);
        if (policyIndex == 0 && cspList.size() > 1) {
          for (Source s : kept) {
            s.keep = false;
          }
        }
      }
    }
    Map<String, Set<String>> result = new LinkedHashMap<>();
    csp.forEach((directive, sources) -> {
      Set<String> set = new LinkedHashSet<>();
      sources.forEach(s -> set.add(s.source));
      if (set.isEmpty()) {
        set.add("'none'");
      }
      result.put(directive, set);
    });
    if (!duplicateWarnings.isEmpty()) {
      result.put(DUPLICATE_WARNINGS_KEY, duplicateWarnings);
    }
    return result;
  }

  private static boolean pathPartMatch(String pathA, String pathB) throws InvalidCsp {
    if (pathA.isEmpty()) return true;
    if (pathA.equals("/") && pathB.isEmpty()) return true;
    boolean exactMatch = !pathA.endsWith("/");
    List<String> a = new ArrayList<>(List.of(pathA.split("/", -1)));
    List<String> b = List.of(pathB.split("/", -1));
    if (a.size() > b.size()) return false;
    if (exactMatch && a.size() != b.size()) return false;
    if (!exactMatch) a.remove(a.size() - 1);
    for (int i = 0; i < a.size(); i++) {
      if (!decodeUriComponent(a.get(i)).equals(decodeUriComponent(b.get(i)))) return false;
    }
    return true;
  }

  private static String decodeUriComponent(String s) throws InvalidCsp {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCsp("malformed URI component " + s);
    }
  }

  // --- Strict-Transport-Security (src/analyzer/tests/strict-transport-security.js) ---------------

  /** 15768000 is six months, but the original accepts 15552000 (180 days). */
  private static final long SIX_MONTHS = 15_552_000L;

  private static Outcome strictTransportSecurity(Headers headers) {
    String name = "strict-transport-security";
    String header = headers.joined("Strict-Transport-Security");
    if (header == null) {
      return new Outcome(name, "hsts-not-implemented", false, null);
    }
    String data = slice(header, 1024);
    String result;
    if (data.contains(",")) {
      result = "hsts-header-invalid"; // set more than once
    } else {
      Double maxAge = null;
      for (String parameter : data.split(";", -1)) {
        String p = parameter.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("max-age=")) {
          maxAge = jsParseInt(p.substring(8, Math.min(p.length(), 128)));
        }
      }
      if (maxAge == null) {
        result = "hsts-header-invalid";
      } else if (maxAge < SIX_MONTHS) { // NaN is not less than six months, as in JavaScript
        result = "hsts-implemented-max-age-less-than-six-months";
      } else {
        result = "hsts-implemented-max-age-at-least-six-months";
      }
    }
    return new Outcome(name, result, result.equals("hsts-implemented-max-age-at-least-six-months"), data);
  }

  /** {@code Number.parseInt(s, 10)}: leading digits, or NaN. */
  private static double jsParseInt(String s) {
    Matcher m = Pattern.compile("^\\s*([+-]?\\d+)").matcher(s);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  // --- X-Content-Type-Options (src/analyzer/tests/x-content-type-options.js) ---------------------

  private static Outcome xContentTypeOptions(Headers headers) {
    String name = "x-content-type-options";
    String header = headers.joined("X-Content-Type-Options");
    if (header == null || header.isEmpty()) {
      return new Outcome(name, "x-content-type-options-not-implemented", false, null);
    }
    String data = slice(header, 256);
    boolean nosniff = data.trim().toLowerCase(Locale.ROOT).equals("nosniff");
    return new Outcome(name, nosniff ? "x-content-type-options-nosniff" : "x-content-type-options-header-invalid", nosniff, data);
  }

  // --- X-Frame-Options (src/analyzer/tests/x-frame-options.js) -----------------------------------

  private static Outcome xFrameOptions(Headers headers, CspOutcome csp) {
    String name = "x-frame-options";
    String header = headers.joined("X-Frame-Options");
    String result;
    String data = null;
    if (header != null && !header.isEmpty()) {
      data = slice(header, 1024);
      String xfo = data.trim().toLowerCase(Locale.ROOT);
      if (xfo.equals("deny") || xfo.equals("sameorigin")) {
        result = "x-frame-options-sameorigin-or-deny";
      } else if (xfo.startsWith("allow-from")) {
        result = "x-frame-options-allow-from-origin";
      } else {
        result = "x-frame-options-header-invalid";
      }
    } else {
      result = "x-frame-options-not-implemented";
    }
    // Any frame-ancestors directive in a parsed CSP makes X-Frame-Options unnecessary.
    if (csp.data() != null && csp.data().containsKey("frame-ancestors")) {
      result = "x-frame-options-implemented-via-csp";
      data = "frame-ancestors " + String.join(" ", csp.data().get("frame-ancestors"))
          + (data == null ? "" : "; X-Frame-Options: " + data);
    }
    boolean pass = !result.equals("x-frame-options-not-implemented") && !result.equals("x-frame-options-header-invalid");
    return new Outcome(name, result, pass, data);
  }

  // --- Referrer-Policy (src/analyzer/tests/referrer-policy.js) ------------------------------------

  private static final List<String> REFERRER_GOOD =
      List.of("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
  private static final List<String> REFERRER_BAD =
      List.of("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade");

  private static Outcome referrerPolicy(Headers headers) {
    String name = "referrer-policy";
    List<String> values = headers.all("Referrer-Policy");
    if (values.isEmpty()) {
      return new Outcome(name, "referrer-policy-not-implemented", true, null);
    }
    String data = String.join(", ", values);
    String policy = "";
    for (String token : data.split(",", -1)) {
      String t = token.toLowerCase(Locale.ROOT).trim();
      if (REFERRER_GOOD.contains(t) || REFERRER_BAD.contains(t)) {
        policy = t; // the last valid one wins
      }
    }
    String result;
    if (REFERRER_GOOD.contains(policy)) {
      result = "referrer-policy-private";
    } else if (REFERRER_BAD.contains(policy)) {
      result = "referrer-policy-unsafe";
    } else {
      result = "referrer-policy-header-invalid";
    }
    return new Outcome(name, result, result.equals("referrer-policy-private"), data);
  }

  // --- Cross-Origin-Resource-Policy (src/analyzer/tests/cross-origin-resource-policy.js) ----------

  private static Outcome crossOriginResourcePolicy(Headers headers) {
    String name = "cross-origin-resource-policy";
    String header = headers.joined("Cross-Origin-Resource-Policy");
    String corp = header == null ? "" : slice(header, 256).trim().toLowerCase(Locale.ROOT);
    if (corp.isEmpty()) {
      return new Outcome(name, "corp-not-implemented", true, null);
    }
    String result =
        switch (corp) {
          case "same-site" -> "corp-implemented-with-same-site";
          case "same-origin" -> "corp-implemented-with-same-origin";
          case "cross-origin" -> "corp-implemented-with-cross-origin";
          default -> "corp-header-invalid";
        };
    return new Outcome(name, result, !result.equals("corp-header-invalid"), corp);
  }

  // --- CORS (src/analyzer/tests/cors.js) ---------------------------------------------------------

  private static Outcome crossOriginResourceSharing(Headers headers, String origin) {
    String name = "cross-origin-resource-sharing";
    String acao = headers.first("Access-Control-Allow-Origin");
    if (acao == null || acao.isEmpty()) {
      return new Outcome(name, "cross-origin-resource-sharing-not-implemented", true, null);
    }
    String data = slice(acao, 256).trim().toLowerCase(Locale.ROOT);
    String credentials = headers.first("Access-Control-Allow-Credentials");
    String result;
    if (data.equals("*")) {
      result = "cross-origin-resource-sharing-implemented-with-public-access";
    } else if (origin != null && origin.equals(acao) && credentials != null
        && credentials.toLowerCase(Locale.ROOT).trim().equals("true")) {
      result = "cross-origin-resource-sharing-implemented-with-universal-access";
    } else {
      result = "cross-origin-resource-sharing-implemented-with-restricted-access";
    }
    return new Outcome(name, result, !result.endsWith("universal-access"), data);
  }

  // --- Cookies (src/analyzer/tests/cookies.js) ---------------------------------------------------

  /** Worst last, as in the original's {@code goodness} list. */
  private static final List<String> COOKIE_ORDER =
      List.of(
          "cookies-without-secure-flag-but-protected-by-hsts",
          "cookies-without-secure-flag",
          "cookies-session-without-secure-flag-but-protected-by-hsts",
          "cookies-samesite-flag-invalid",
          "cookies-anticsrf-without-samesite-flag",
          "cookies-session-without-httponly-flag",
          "cookies-session-without-secure-flag");

  private static String onlyIfWorse(String candidate, String current, List<String> order) {
    if (current == null) return candidate;
    return order.indexOf(candidate) > order.indexOf(current) ? candidate : current;
  }

  private record Cookie(String name, boolean secure, boolean httpOnly, String sameSite) {}

  private static Outcome cookies(Headers headers, boolean hsts) {
    String name = "cookies";
    String result = null;
    Map<String, Cookie> jar = new LinkedHashMap<>();
    for (String raw : headers.all("Set-Cookie")) {
      if (containsInvalidSameSite(raw)) {
        result = onlyIfWorse("cookies-samesite-flag-invalid", result, COOKIE_ORDER);
      }
      Cookie cookie = parseCookie(raw);
      if (cookie != null && !cookie.name().isEmpty() && !cookie.name().equals("heroku-session-affinity")) {
        jar.put(cookie.name() + '\u0000' + attribute(raw, "domain") + '\u0000' + attribute(raw, "path"), cookie);
      }
    }
    if (jar.isEmpty()) {
      return new Outcome(name, "cookies-not-found", true, null);
    }
    boolean missingSameSite = false;
    for (Cookie cookie : jar.values()) {
      String key = cookie.name().toLowerCase(Locale.ROOT);
      boolean session = key.contains("login") || key.contains("sess");
      boolean antiCsrf = key.contains("csrf");
      if (!cookie.secure() && "none".equals(cookie.sameSite())) {
        result = onlyIfWorse("cookies-samesite-flag-invalid", result, COOKIE_ORDER);
      }
      if (!cookie.secure()) {
        result = onlyIfWorse(hsts ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag", result, COOKIE_ORDER);
      }
      if (antiCsrf && cookie.sameSite() == null) {
        result = onlyIfWorse("cookies-anticsrf-without-samesite-flag", result, COOKIE_ORDER);
      }
      if (session && !cookie.secure()) {
        result = onlyIfWorse(
            hsts ? "cookies-session-without-secure-flag-but-protected-by-hsts" : "cookies-session-without-secure-flag",
            result, COOKIE_ORDER);
      }
      if (session && !cookie.httpOnly()) {
        result = onlyIfWorse("cookies-session-without-httponly-flag", result, COOKIE_ORDER);
      }
      if (cookie.sameSite() == null) {
        missingSameSite = true;
      }
    }
    if (result == null) {
      result = missingSameSite ? "cookies-secure-with-httponly-sessions" : "cookies-secure-with-httponly-sessions-and-samesite";
    }
    boolean pass = result.equals("cookies-secure-with-httponly-sessions") || result.equals("cookies-secure-with-httponly-sessions-and-samesite");
    return new Outcome(name, result, pass, String.join(" | ", headers.all("Set-Cookie")));
  }

  private static boolean containsInvalidSameSite(String raw) {
    for (String part : raw.trim().split(";", -1)) {
      String[] kv = part.trim().split("=", -1);
      if (kv[0].trim().toLowerCase(Locale.ROOT).equals("samesite")) {
        if (kv.length < 2 || kv[1].isEmpty()) return true;
        if (!List.of("lax", "strict", "none").contains(kv[1].trim().toLowerCase(Locale.ROOT))) return true;
      }
    }
    return false;
  }

  /** Like tough-cookie's strict {@code Cookie.parse}: a name is required. */
  private static Cookie parseCookie(String raw) {
    String[] parts = raw.split(";", -1);
    String pair = parts[0].trim();
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    boolean secure = false;
    boolean httpOnly = false;
    String sameSite = null;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      int e = attribute.indexOf('=');
      String key = (e < 0 ? attribute : attribute.substring(0, e)).trim().toLowerCase(Locale.ROOT);
      String value = e < 0 ? "" : attribute.substring(e + 1).trim().toLowerCase(Locale.ROOT);
      switch (key) {
        case "secure" -> secure = true;
        case "httponly" -> httpOnly = true;
        case "samesite" -> sameSite = List.of("strict", "lax", "none").contains(value) ? value : null;
        default -> {}
      }
    }
    return new Cookie(pair.substring(0, eq).trim(), secure, httpOnly, sameSite);
  }

  private static String attribute(String raw, String name) {
    String value = "";
    String[] parts = raw.split(";", -1);
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      int e = attribute.indexOf('=');
      if (e > 0 && attribute.substring(0, e).trim().equalsIgnoreCase(name)) {
        value = attribute.substring(e + 1).trim().toLowerCase(Locale.ROOT);
      }
    }
    return value;
  }

  // --- Subresource Integrity (src/analyzer/tests/subresource-integrity.js) -----------------------

  private static final List<String> SRI_ORDER =
      List.of(
          "sri-implemented-and-all-scripts-loaded-securely",
          "sri-implemented-and-external-scripts-loaded-securely",
          "sri-implemented-but-external-scripts-not-loaded-securely",
          "sri-not-implemented-but-external-scripts-loaded-securely",
          "sri-not-implemented-and-external-scripts-not-loaded-securely",
          "sri-not-implemented-response-not-html");

  private static final Pattern SCRIPT_OPEN = Pattern.compile("<script(?=[\\s/>])([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCRIPT_CLOSE = Pattern.compile("</script\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([^\\s\"'>/=]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");

  private static Outcome subresourceIntegrity(Headers headers, String body, String host) {
    String name = "subresource-integrity";
    String contentType = headers.first("Content-Type");
    String mime = (contentType == null ? "" : contentType).split(";", -1)[0];
    if (!mime.isEmpty() && !mime.equals("text/html") && !mime.equals("application/xhtml+xml")) {
      return new Outcome(name, "sri-not-implemented-response-not-html", true, mime);
    }
    String html = body.replaceAll("(?s)<!--.*?-->", "");
    String result = null;
    boolean foreign = false;
    int scripts = 0;
    List<String> srcs = new ArrayList<>();
    Matcher open = SCRIPT_OPEN.matcher(html);
    int from = 0;
    while (open.find(from)) {
      scripts++;
      Map<String, String> attributes = attributes(open.group(1));
      Matcher close = SCRIPT_CLOSE.matcher(html);
      from = close.find(open.end()) ? close.end() : html.length();
      String src = attributes.get("src");
      if (src == null) {
        continue;
      }
      srcs.add(src);
      String integrity = attributes.get("integrity");
      boolean hasIntegrity = integrity != null && !integrity.isEmpty();
      boolean relativeOrigin = false;
      boolean relativeProtocol = false;
      boolean sameSecondLevelDomain;
      if (src.matches("^//[^/].*")) {
        relativeProtocol = true;
        sameSecondLevelDomain = true;
      } else if (src.matches("(?i)^https?://.*")) {
        sameSecondLevelDomain = registrableDomain(hostOf(src)).equals(registrableDomain(host));
      } else {
        relativeOrigin = true;
        sameSecondLevelDomain = true;
      }
      boolean secureOrigin = relativeOrigin || (sameSecondLevelDomain && !relativeProtocol);
      if (!secureOrigin) {
        foreign = true;
      }
      // The page itself is HTTPS, so relative sources are secure.
      boolean secureScheme = src.regionMatches(true, 0, "https:", 0, 6) || relativeOrigin;
      if (!secureOrigin) {
        if (hasIntegrity && !secureScheme) {
          result = onlyIfWorse("sri-implemented-but-external-scripts-not-loaded-securely", result, SRI_ORDER);
        } else if (!hasIntegrity && secureScheme) {
          result = onlyIfWorse("sri-not-implemented-but-external-scripts-loaded-securely", result, SRI_ORDER);
        } else if (!hasIntegrity) {
          result = onlyIfWorse("sri-not-implemented-and-external-scripts-not-loaded-securely", result, SRI_ORDER);
        }
      } else if (hasIntegrity && secureScheme && result == null) {
        result = "sri-implemented-and-all-scripts-loaded-securely";
      }
    }
    if (scripts == 0) {
      result = "sri-not-implemented-but-no-scripts-loaded";
    } else if (result == null) {
      result = foreign
          ? "sri-implemented-and-external-scripts-loaded-securely"
          : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin";
    }
    boolean pass =
        Set.of(
                "sri-implemented-and-all-scripts-loaded-securely",
                "sri-implemented-and-external-scripts-loaded-securely",
                "sri-not-implemented-response-not-html",
                "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
                "sri-not-implemented-but-no-scripts-loaded")
            .contains(result);
    return new Outcome(name, result, pass, scripts + " script(s)" + (srcs.isEmpty() ? "" : ", src " + srcs));
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(tag);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "";
      attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value.trim());
    }
    return attributes;
  }

  private static String hostOf(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) end = i;
    }
    String authority = rest.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && !authority.endsWith("]")) authority = authority.substring(0, colon);
    return authority.toLowerCase(Locale.ROOT);
  }

  /** Approximates the public-suffix registrable domain by the last two labels. */
  private static String registrableDomain(String host) {
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && h.indexOf(':') == colon) h = h.substring(0, colon); // host:port
    if (h.matches("[0-9.]+") || h.startsWith("[")) return h;
    String[] labels = h.split("\\.");
    return labels.length <= 2 ? h : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }
}
