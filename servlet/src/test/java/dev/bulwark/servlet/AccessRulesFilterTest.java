package dev.bulwark.servlet;

import static dev.bulwark.servlet.RequestGuardTest.events;
import static dev.bulwark.servlet.TestDocs.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.events.SecurityEvent;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bulwark.authz.rules} installed by the drop-in initializer in a real Jetty with container
 * Basic authentication: the first matching rule decides, methods narrow a rule, and refusals are
 * 403 for everyone (typed authentication-required for anonymous callers), counted and audited.
 */
class AccessRulesFilterTest {

  /** The rules, in order. Rule 4 repeats rule 0's paths with the opposite access: rule 0 must win. */
  static final Map<String, String> RULES =
      Map.ofEntries(
          Map.entry("bulwark.authz.rules[0].patterns", "/open/**"),
          Map.entry("bulwark.authz.rules[0].access", "public"),
          Map.entry("bulwark.authz.rules[1].patterns", "/admin/**"),
          Map.entry("bulwark.authz.rules[1].methods", "GET"),
          Map.entry("bulwark.authz.rules[1].access", "roles"),
          Map.entry("bulwark.authz.rules[1].roles", "ADMIN"),
          Map.entry("bulwark.authz.rules[2].patterns", "/admin/**"),
          Map.entry("bulwark.authz.rules[2].methods", "post, PUT,delete"),
          Map.entry("bulwark.authz.rules[2].access", "deny"),
          Map.entry("bulwark.authz.rules[3].patterns", "/docs, /docs/**"),
          Map.entry("bulwark.authz.rules[3].methods", "POST"),
          Map.entry("bulwark.authz.rules[3].access", "authenticated"),
          Map.entry("bulwark.authz.rules[4].patterns", "/open/**"),
          Map.entry("bulwark.authz.rules[4].access", "deny"));

  static JettyTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RequestGuardTest.withSystemProperties(RULES, RequestGuardTest::startDocs);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static HttpResponse<String> send(String method, String path, String user) throws Exception {
    return user == null
        ? Http.send(method, server.uri(path), null)
        : Http.send(method, server.uri(path), null, "Authorization", basic(user));
  }

  @Test
  void theFirstMatchingRuleDecides() throws Exception {
    assertThat(send("GET", "/open/page", null).body()).as("rule 0 lets anyone in; rule 4 is never reached").isEqualTo("reached GET /open");
    assertThat(send("DELETE", "/open/page", "alice").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/admin/users", "admin").body())
        .as("rule 1 allows ADMIN before any later rule is looked at")
        .isEqualTo("reached GET /admin");
  }

  @Test
  void methodsNarrowARule() throws Exception {
    assertThat(send("DELETE", "/admin/users", "admin").statusCode()).as("rule 1 is GET only; rule 2 denies DELETE to everyone").isEqualTo(403);
    assertThat(send("PUT", "/admin/users", "admin").statusCode()).as("methods are matched whatever their case in the setting").isEqualTo(403);
    assertThat(send("PATCH", "/admin/users", "alice").body()).as("no rule covers PATCH: the application decides").isEqualTo("reached PATCH /admin");
  }

  @Test
  void headIsCoveredByARuleForGet() throws Exception {
    // HttpServlet answers HEAD by running doGet: a GET-only rule that HEAD slipped past would run
    // the protected handler for any caller.
    assertThat(send("HEAD", "/admin/users", "alice").statusCode()).isEqualTo(403);
    assertThat(send("HEAD", "/admin/users", null).statusCode()).isEqualTo(403);
    assertThat(send("HEAD", "/admin/users", "admin").statusCode()).isEqualTo(200);
  }

  @Test
  void rolesRulesLetOnlyTheRoleThrough() throws Exception {
    assertThat(send("GET", "/admin/users", "alice").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/admin/users", "carol").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/admin", "admin").statusCode()).as("/admin/** also matches /admin").isEqualTo(200);
  }

  @Test
  void anonymousAndSignedInCallersGet403OfDifferentTypes() throws Exception {
    // Not 401: that needs a WWW-Authenticate challenge, and only the application's own
    // authentication knows its scheme (it would also feed the auth-failures penalty box).
    HttpResponse<String> anonymous = send("GET", "/admin/users", null);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(Http.header(anonymous, "WWW-Authenticate")).isNull();
    assertThat(Http.header(anonymous, "Content-Type")).startsWith("application/problem+json");
    assertThat(anonymous.body()).contains("\"type\":\"urn:bulwark:problem:authentication-required\"").doesNotContain("admin", "rule");

    HttpResponse<String> signedIn = send("GET", "/admin/users", "alice");
    assertThat(signedIn.statusCode()).isEqualTo(403);
    assertThat(signedIn.body()).contains("\"type\":\"urn:bulwark:problem:access-denied\"").doesNotContain("admin", "rule", "ADMIN");
    assertThat(Http.header(signedIn, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(Http.header(signedIn, "X-Request-Id")).isNotNull();
  }

  @Test
  void authenticatedRulesLetAnySignedInCallerThrough() throws Exception {
    assertThat(send("POST", "/docs", null).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/docs", "carol").statusCode()).as("no role needed, and the policy lets any signed-in caller create").isEqualTo(201);
    assertThat(send("GET", "/docs/41", null).statusCode()).as("no rule covers GET /docs: the policy hides the document").isEqualTo(404);
  }

  @Test
  void encodedOrDecoratedPathsCannotSlipPastARule() throws Exception {
    // The servlet container decodes and normalises these to /admin/users before choosing the servlet.
    for (String path : new String[] {"/%61dmin/users", "/admin/%75sers", "/open/../admin/users", "/admin;x=1/users", "/./admin/users"}) {
      HttpResponse<String> response = send("GET", path, "alice");
      assertThat(response.statusCode()).as(path).isIn(400, 403, 404);
      assertThat(response.body()).as(path).doesNotContain("reached");
    }
  }

  @Test
  void refusalsAreCountedAndAudited() throws Exception {
    try (AuditCapture audit = new AuditCapture()) {
      long before = events(server).count(SecurityEvent.AUTHORIZATION_DENIED);
      HttpResponse<String> anonymous = send("GET", "/admin/users", null);
      HttpResponse<String> alice = send("DELETE", "/admin/users", "alice");
      send("GET", "/open/x", null);

      assertThat(events(server).count(SecurityEvent.AUTHORIZATION_DENIED) - before).isEqualTo(2);
      assertThat(audit.lines())
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).endsWith(
              "authorization denied: subject=anonymous action=- resource=path id=- reason=\"path rule [/admin/**]\" requestId="
                  + Http.header(anonymous, "X-Request-Id")))
          .anySatisfy(line -> assertThat(line).endsWith(
              "authorization denied: subject=alice action=- resource=path id=- reason=\"path rule [/admin/**]\" requestId="
                  + Http.header(alice, "X-Request-Id")));
    }
  }
}
