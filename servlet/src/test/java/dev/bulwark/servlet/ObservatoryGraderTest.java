package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.ObservatoryGrader.Grade;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local Observatory grader against header sets whose outcome follows from the rules of
 * mdn/mdn-http-observatory (src/grader/charts.js and src/analyzer/tests/*.js).
 */
class ObservatoryGraderTest {

  private static final String HOST = "notes.example.com";
  private static final String HTML = "text/html;charset=UTF-8";

  /** Headers from name/value pairs; a repeated name adds a value. */
  private static Map<String, List<String>> headers(String... nameValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      map.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
    }
    return map;
  }

  /** A strong baseline: every header right, frame-ancestors in the CSP. 100+5+5+5+10 = 125. */
  private static String[] strong(String csp, String hsts) {
    return new String[] {
      "Content-Type", HTML,
      "Content-Security-Policy", csp,
      "Strict-Transport-Security", hsts,
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cross-Origin-Resource-Policy", "same-origin",
    };
  }

  private static final String GOOD_CSP =
      "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private static Grade grade(String body, String... nameValues) {
    return ObservatoryGrader.grade(HOST, headers(nameValues), body);
  }

  @Test
  void gradeChartRoundsDownToMultiplesOfFive() {
    assertThat(ObservatoryGrader.letter(135)).isEqualTo("A+");
    assertThat(ObservatoryGrader.letter(100)).isEqualTo("A+");
    assertThat(ObservatoryGrader.letter(99)).isEqualTo("A");
    assertThat(ObservatoryGrader.letter(90)).isEqualTo("A");
    assertThat(ObservatoryGrader.letter(89)).isEqualTo("A-");
    assertThat(ObservatoryGrader.letter(80)).isEqualTo("B+");
    assertThat(ObservatoryGrader.letter(65)).isEqualTo("B-");
    assertThat(ObservatoryGrader.letter(60)).isEqualTo("C+");
    assertThat(ObservatoryGrader.letter(45)).isEqualTo("C-");
    assertThat(ObservatoryGrader.letter(40)).isEqualTo("D+");
    assertThat(ObservatoryGrader.letter(30)).isEqualTo("D");
    assertThat(ObservatoryGrader.letter(25)).isEqualTo("D-");
    assertThat(ObservatoryGrader.letter(24)).isEqualTo("F");
    assertThat(ObservatoryGrader.letter(-40)).isEqualTo("F");
  }

  @Test
  void noSecurityHeadersLosesSeventyPoints() {
    // CSP -25, HSTS -20, X-Frame-Options -20, X-Content-Type-Options -5. Redirection is assumed
    // fine; a site that also skipped the HTTP->HTTPS redirect would lose 20 more (10, F).
    Grade grade = grade("<p>hi</p>", "Content-Type", HTML);
    assertThat(grade.score()).as(grade.table()).isEqualTo(30);
    assertThat(grade.grade()).isEqualTo("D");
    assertThat(grade.test("content-security-policy").result()).isEqualTo("csp-not-implemented");
    assertThat(grade.test("strict-transport-security").modifier()).isEqualTo(-20);
    assertThat(grade.test("x-frame-options").result()).isEqualTo("x-frame-options-not-implemented");
    assertThat(grade.test("x-content-type-options").modifier()).isEqualTo(-5);
    assertThat(grade.test("subresource-integrity").result()).isEqualTo("sri-not-implemented-but-no-scripts-loaded");
  }

  @Test
  void noHeadersAndAnInsecureSessionCookieIsAnF() {
    Grade grade = grade("", "Content-Type", HTML, "Set-Cookie", "JSESSIONID=abc; Path=/");
    assertThat(grade.test("cookies").result()).isEqualTo("cookies-session-without-secure-flag");
    assertThat(grade.score()).as(grade.table()).isZero(); // 30 - 40, floored
    assertThat(grade.grade()).isEqualTo("F");
  }

  @Test
  void helmetDefaultsGetAPlus() {
    // Helmet 7/8 defaults (helmetjs/helmet README).
    Grade grade =
        grade(
            "<html><script src=\"/app.js\"></script></html>",
            "Content-Type", "text/html; charset=utf-8",
            "Content-Security-Policy",
            "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';"
                + "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';"
                + "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Origin-Agent-Cluster", "?1",
            "Referrer-Policy", "no-referrer",
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-Content-Type-Options", "nosniff",
            "X-DNS-Prefetch-Control", "off",
            "X-Download-Options", "noopen",
            "X-Frame-Options", "SAMEORIGIN",
            "X-Permitted-Cross-Domain-Policies", "none",
            "X-XSS-Protection", "0");
    assertThat(grade.test("content-security-policy").result())
        .isEqualTo("csp-implemented-with-unsafe-inline-in-style-src-only");
    assertThat(grade.test("x-frame-options").result()).isEqualTo("x-frame-options-implemented-via-csp");
    assertThat(grade.test("subresource-integrity").result())
        .isEqualTo("sri-not-implemented-but-all-scripts-loaded-from-secure-origin");
    // 100 + 0 (CSP) + 5 (XFO via CSP) + 5 (Referrer-Policy) + 10 (CORP)
    assertThat(grade.score()).as(grade.table()).isEqualTo(120);
    assertThat(grade.grade()).isEqualTo("A+");
  }

  @Test
  void strongHeadersScoreAllBonuses() {
    Grade grade = grade("", strong(GOOD_CSP, "max-age=63072000; includeSubDomains"));
    assertThat(grade.test("content-security-policy").result()).isEqualTo("csp-implemented-with-no-unsafe");
    assertThat(grade.test("redirection").result()).isEqualTo("redirection-not-needed-no-http");
    assertThat(grade.test("cookies").result()).isEqualTo("cookies-not-found");
    assertThat(grade.test("cross-origin-resource-sharing").result()).isEqualTo("cross-origin-resource-sharing-not-implemented");
    assertThat(grade.score()).as(grade.table()).isEqualTo(125);
    assertThat(grade.grade()).isEqualTo("A+");
    assertThat(grade.tests()).allMatch(ObservatoryGrader.TestResult::pass);
  }

  @Test
  void defaultSrcNoneEarnsTen() {
    Grade grade = grade("", strong("default-src 'none'; frame-ancestors 'none'", "max-age=63072000"));
    assertThat(grade.test("content-security-policy").result()).isEqualTo("csp-implemented-with-no-unsafe-default-src-none");
    assertThat(grade.test("content-security-policy").modifier()).isEqualTo(10);
    assertThat(grade.score()).isEqualTo(130);
  }

  @Test
  void unsafeInlineInScriptSrcLosesTwentyAndWithItTheBonuses() {
    Grade grade =
        grade("", strong("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'", "max-age=63072000"));
    assertThat(grade.test("content-security-policy").result()).isEqualTo("csp-implemented-with-unsafe-inline");
    assertThat(grade.test("content-security-policy").modifier()).isEqualTo(-20);
    assertThat(grade.test("content-security-policy").pass()).isFalse();
    // 100 - 20 = 80 is below 90, so the +20 of bonuses does not count.
    assertThat(grade.score()).as(grade.table()).isEqualTo(80);
    assertThat(grade.grade()).isEqualTo("B+");
  }

  @Test
  void cspSourceRules() {
    String[][] cases = {
      // a nonce or hash makes 'unsafe-inline' inert
      {"default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'; object-src 'none'", "csp-implemented-with-no-unsafe"},
      // 'strict-dynamic' with a nonce drops 'self', https: and 'unsafe-inline'
      {"default-src 'self'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline' https:; object-src 'none'", "csp-implemented-with-no-unsafe"},
      // 'strict-dynamic' without a nonce or hash is invalid
      {"default-src 'self'; script-src 'strict-dynamic' 'self'; object-src 'none'", "csp-header-invalid"},
      // data: in script-src counts as unsafe inline
      {"default-src 'self'; script-src 'self' data:; object-src 'none'", "csp-implemented-with-unsafe-inline"},
      // no script-src nor default-src: anything may run
      {"object-src 'none'; frame-ancestors 'none'", "csp-implemented-with-unsafe-inline"},
      // overly broad object-src
      {"default-src 'self'; object-src https:", "csp-implemented-with-unsafe-inline"},
      // http: for active content on an HTTPS site
      {"default-src 'self'; connect-src http://api.example.com; object-src 'none'", "csp-implemented-with-insecure-scheme"},
      {"default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'", "csp-implemented-with-unsafe-eval"},
      {"default-src 'self'; img-src http:; object-src 'none'", "csp-implemented-with-insecure-scheme-in-passive-content-only"},
      {"default-src 'self'; style-src 'self' 'unsafe-inline'", "csp-implemented-with-unsafe-inline-in-style-src-only"},
      // repeated directives other than report-uri/report-to make the policy invalid
      {"default-src 'self'; default-src 'none'", "csp-header-invalid"},
      {"default-src 'none'; report-uri /a; report-uri /b", "csp-implemented-but-duplicate-directives"},
      {"x", "csp-header-invalid"},
    };
    for (String[] c : cases) {
      Grade grade = grade("", "Content-Security-Policy", c[0]);
      assertThat(grade.test("content-security-policy").result()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(grade("", "Content-Security-Policy-Report-Only", "default-src 'none'").test("content-security-policy").result())
        .isEqualTo("csp-not-implemented-but-reporting-enabled");
  }

  @Test
  void twoPoliciesAreIntersected() {
    // The second policy removes 'unsafe-inline' from what the first allowed.
    Grade grade =
        grade("", "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'",
            "Content-Security-Policy", "script-src 'self'");
    assertThat(grade.test("content-security-policy").result()).isEqualTo("csp-implemented-with-no-unsafe");
  }

  @Test
  void hstsUnderSixMonthsIsPenalised() {
    Grade grade = grade("", strong(GOOD_CSP, "max-age=86400; includeSubDomains"));
    assertThat(grade.test("strict-transport-security").result()).isEqualTo("hsts-implemented-max-age-less-than-six-months");
    assertThat(grade.test("strict-transport-security").modifier()).isEqualTo(-10);
    // 100 - 10 = 90 still earns the bonuses: 90 + 25 = 115.
    assertThat(grade.score()).as(grade.table()).isEqualTo(115);
    assertThat(grade.grade()).isEqualTo("A+");

    assertThat(grade("", strong(GOOD_CSP, "max-age=15552000")).test("strict-transport-security").modifier()).isZero();
    assertThat(grade("", strong(GOOD_CSP, "max-age=15551999")).test("strict-transport-security").modifier()).isEqualTo(-10);
    assertThat(grade("", strong(GOOD_CSP, "includeSubDomains")).test("strict-transport-security").result())
        .isEqualTo("hsts-header-invalid");
    Grade twice = grade("", "Strict-Transport-Security", "max-age=63072000", "Strict-Transport-Security", "max-age=63072000");
    assertThat(twice.test("strict-transport-security").result()).isEqualTo("hsts-header-invalid");
  }

  @Test
  void bonusesNeedNinetyWithoutThem() {
    // HSTS -10 and X-Content-Type-Options -5: 85 before bonuses, so bonuses are dropped.
    String[] h = strong(GOOD_CSP, "max-age=86400");
    h[7] = "nosniff, nosniff"; // X-Content-Type-Options sent twice reads as invalid
    Grade grade = grade("", h);
    assertThat(grade.test("x-content-type-options").result()).isEqualTo("x-content-type-options-header-invalid");
    assertThat(grade.score()).as(grade.table()).isEqualTo(85);
    assertThat(grade.grade()).isEqualTo("A-");
  }

  @Test
  void otherHeaderResults() {
    assertThat(grade("", "X-Frame-Options", "ALLOW-FROM https://a.example").test("x-frame-options").result())
        .isEqualTo("x-frame-options-allow-from-origin");
    assertThat(grade("", "X-Frame-Options", "ALLOWALL").test("x-frame-options").modifier()).isEqualTo(-20);
    assertThat(grade("", "Referrer-Policy", "unsafe-url").test("referrer-policy").modifier()).isEqualTo(-5);
    assertThat(grade("", "Referrer-Policy", "no-referrer, strict-origin-when-cross-origin").test("referrer-policy").result())
        .isEqualTo("referrer-policy-private");
    assertThat(grade("", "Referrer-Policy", "no-referrer, unsafe-url").test("referrer-policy").result())
        .isEqualTo("referrer-policy-unsafe");
    assertThat(grade("", "Referrer-Policy", "nope").test("referrer-policy").result()).isEqualTo("referrer-policy-header-invalid");
    assertThat(grade("", "Cross-Origin-Resource-Policy", "same-site").test("cross-origin-resource-policy").modifier()).isEqualTo(10);
    assertThat(grade("", "Cross-Origin-Resource-Policy", "cross-origin").test("cross-origin-resource-policy").modifier()).isZero();
    assertThat(grade("", "Cross-Origin-Resource-Policy", "bogus").test("cross-origin-resource-policy").modifier()).isEqualTo(-5);
    assertThat(grade("", "Access-Control-Allow-Origin", "*").test("cross-origin-resource-sharing").result())
        .isEqualTo("cross-origin-resource-sharing-implemented-with-public-access");
    Grade reflected =
        ObservatoryGrader.grade(HOST,
            headers("Access-Control-Allow-Origin", "https://evil.example", "Access-Control-Allow-Credentials", "true"),
            "", "https://evil.example");
    assertThat(reflected.test("cross-origin-resource-sharing").modifier()).isEqualTo(-50);
  }

  @Test
  void cookieRules() {
    String[] h = strong(GOOD_CSP, "max-age=63072000");
    String[][] cases = {
      {"SESSIONID=a; Path=/; Secure; HttpOnly; SameSite=Lax", "cookies-secure-with-httponly-sessions-and-samesite"},
      {"SESSIONID=a; Path=/; Secure; HttpOnly", "cookies-secure-with-httponly-sessions"},
      {"theme=dark; Path=/", "cookies-without-secure-flag-but-protected-by-hsts"},
      {"JSESSIONID=a; Path=/; HttpOnly", "cookies-session-without-secure-flag-but-protected-by-hsts"},
      {"SESSIONID=a; Path=/; Secure", "cookies-session-without-httponly-flag"},
      {"CSRFTOKEN=a; Path=/; Secure; HttpOnly", "cookies-anticsrf-without-samesite-flag"},
      {"SESSIONID=a; Secure; HttpOnly; SameSite=True", "cookies-samesite-flag-invalid"},
      {"heroku-session-affinity=a; Path=/", "cookies-not-found"},
    };
    for (String[] c : cases) {
      String[] withCookie = java.util.Arrays.copyOf(h, h.length + 2);
      withCookie[h.length] = "Set-Cookie";
      withCookie[h.length + 1] = c[0];
      Grade grade = grade("", withCookie);
      assertThat(grade.test("cookies").result()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(grade("", "Set-Cookie", "theme=dark").test("cookies").result()).as("no HSTS").isEqualTo("cookies-without-secure-flag");
  }

  @Test
  void subresourceIntegrityRules() {
    String[][] cases = {
      {"<p>no scripts</p>", "sri-not-implemented-but-no-scripts-loaded"},
      {"<script nonce=\"n\">inline()</script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"},
      {"<script src=\"/app.js\"></script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"},
      {"<script src=\"https://static.example.com/a.js\"></script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"},
      {"<script src=\"/app.js\" integrity=\"sha384-x\"></script>", "sri-implemented-and-all-scripts-loaded-securely"},
      {"<script src=\"https://cdn.other.net/a.js\"></script>", "sri-not-implemented-but-external-scripts-loaded-securely"},
      {"<SCRIPT SRC=\"https://cdn.other.net/a.js\" integrity=\"sha384-x\" crossorigin=\"anonymous\"></SCRIPT>",
        "sri-implemented-and-external-scripts-loaded-securely"},
      {"<script src=\"http://cdn.other.net/a.js\"></script>", "sri-not-implemented-and-external-scripts-not-loaded-securely"},
      {"<script src=\"//cdn.other.net/a.js\" integrity=\"sha384-x\"></script>", "sri-implemented-but-external-scripts-not-loaded-securely"},
      {"<!-- <script src=\"http://cdn.other.net/a.js\"></script> --><p>x</p>", "sri-not-implemented-but-no-scripts-loaded"},
    };
    for (String[] c : cases) {
      Grade grade = grade(c[0], "Content-Type", HTML);
      assertThat(grade.test("subresource-integrity").result()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(grade("{}", "Content-Type", "application/json").test("subresource-integrity").result())
        .isEqualTo("sri-not-implemented-response-not-html");
    assertThat(grade("<script src=\"http://cdn.other.net/a.js\"></script>", "Content-Type", HTML)
            .test("subresource-integrity").modifier())
        .isEqualTo(-50);
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    String[] h = strong(GOOD_CSP, "max-age=63072000");
    for (int i = 0; i < h.length; i += 2) {
      lower.put(h[i].toLowerCase(), List.of(h[i + 1]));
    }
    assertThat(ObservatoryGrader.grade(HOST, lower, "").score()).isEqualTo(125);
  }
}
