package dev.bulwark.servlet;

import static dev.bulwark.servlet.TestDocs.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.Subject;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.servlet.TestDocs.Doc;
import dev.bulwark.servlet.TestDocs.DocAction;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestGuard} in a real Jetty with container Basic authentication, installed by the
 * drop-in initializer: the subject is the container's principal with the configured roles it
 * confirms, the policy comes from {@code META-INF/services}, and refusals are problems that say
 * nothing about the object.
 */
class RequestGuardTest {

  /** Starts the documents app with the initializer, container security and the test's extra setup. */
  static JettyTestServer startDocs() throws Exception {
    return JettyTestServer.startWithInitializer(context -> {
      TestDocs.addContainerSecurity(context);
      TestDocs.addServlets(context);
    });
  }

  /** Runs a start-up with some system properties set, the highest-precedence Bulwark settings. */
  static <T> T withSystemProperties(Map<String, String> properties, Callable<T> start) throws Exception {
    properties.forEach(System::setProperty);
    try {
      return start.call();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  static HttpResponse<String> get(JettyTestServer server, String path, String user) throws Exception {
    return user == null ? Http.get(server.uri(path)) : Http.get(server.uri(path), "Authorization", basic(user));
  }

  static HttpResponse<String> put(JettyTestServer server, String path, String user) throws Exception {
    return Http.send("PUT", server.uri(path), "{\"text\":\"changed\"}", "Authorization", basic(user), "Content-Type", "application/json");
  }

  /** The body without its request id, which differs on every request. */
  static String withoutRequestId(String body) {
    return body.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"-\"");
  }

  static SecurityEvents events(JettyTestServer server) {
    return ((BulwarkFilter) server.servletContext().getAttribute(BulwarkServletContainerInitializer.INSTALLED_ATTRIBUTE)).events();
  }

  @Test
  void theSubjectIsTheContainerPrincipalWithTheRolesItConfirms() throws Exception {
    try (JettyTestServer server = startDocs()) {
      assertThat(get(server, "/docs/me", "admin").body()).isEqualTo("{\"id\":\"admin\",\"roles\":\"ADMIN,USER\"}");
      assertThat(get(server, "/docs/me", "alice").body()).isEqualTo("{\"id\":\"alice\",\"roles\":\"USER\"}");
      assertThat(get(server, "/docs/me", "carol").body())
          .as("AUDITOR is not in bulwark.authz.roles, so nobody asks the container about it")
          .isEqualTo("{\"id\":\"carol\",\"roles\":\"\"}");
      assertThat(get(server, "/docs/me", null).body()).isEqualTo("{\"id\":\"null\",\"roles\":\"\"}");
    }
    try (JettyTestServer server = withSystemProperties(Map.of("bulwark.authz.roles", "USER, AUDITOR"), RequestGuardTest::startDocs)) {
      assertThat(get(server, "/docs/me", "carol").body()).isEqualTo("{\"id\":\"carol\",\"roles\":\"AUDITOR\"}");
      assertThat(get(server, "/docs/me", "admin").body())
          .as("ADMIN is no longer asked about")
          .isEqualTo("{\"id\":\"admin\",\"roles\":\"USER\"}");
    }
  }

  @Test
  void thePolicyFromServicesDecidesEachObjectAndList() throws Exception {
    try (JettyTestServer server = startDocs()) {
      assertThat(get(server, "/docs/41", "alice").body()).isEqualTo("{\"text\":\"alice-private-text\"}");
      assertThat(get(server, "/docs/42", "admin").body()).as("ADMIN reads every document").isEqualTo("{\"text\":\"bob-private-text\"}");
      assertThat(get(server, "/docs/41", "bob").statusCode()).isEqualTo(404);
      assertThat(get(server, "/docs/41", null).statusCode()).isEqualTo(404);
      assertThat(put(server, "/docs/41", "alice").statusCode()).isEqualTo(200);
      assertThat(put(server, "/docs/41", "admin").statusCode()).as("ADMIN may read but not update").isEqualTo(403);
      assertThat(put(server, "/docs/41", "bob").statusCode()).isEqualTo(404);

      assertThat(get(server, "/docs", "alice").body()).isEqualTo("{\"ids\":\"41\"}");
      assertThat(get(server, "/docs", "bob").body()).isEqualTo("{\"ids\":\"42\"}");
      assertThat(get(server, "/docs", "admin").body()).isEqualTo("{\"ids\":\"41,42\"}");
      assertThat(get(server, "/docs", null).body()).isEqualTo("{\"ids\":\"\"}");

      assertThat(Http.send("POST", server.uri("/docs"), "{}", "Authorization", basic("bob"), "Content-Type", "application/json").statusCode())
          .isEqualTo(201);
      assertThat(Http.send("POST", server.uri("/docs"), "{}", "Content-Type", "application/json").statusCode()).isEqualTo(403);
    }
  }

  @Test
  void refusalsAreProblemsThatNameNoReasonPolicyOrObject() throws Exception {
    try (JettyTestServer server = startDocs()) {
      HttpResponse<String> hidden = get(server, "/docs/41", "bob");
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(Http.header(hidden, "Content-Type")).startsWith("application/problem+json");
      assertThat(hidden.body()).contains("\"status\":404", "\"requestId\":\"" + Http.header(hidden, "X-Request-Id") + "\"");

      HttpResponse<String> denied = put(server, "/docs/41", "admin");
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(Http.header(denied, "Content-Type")).startsWith("application/problem+json");
      assertThat(denied.body()).contains("\"type\":\"urn:bulwark:problem:access-denied\"", "\"status\":403");
      assertThat(Http.header(denied, "X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(Http.header(denied, "Content-Security-Policy")).isEqualTo(dev.bulwark.headers.CspConfig.DEFAULT_API_POLICY);

      for (HttpResponse<String> refused : java.util.List.of(hidden, denied)) {
        assertThat(withoutRequestId(refused.body()))
            .doesNotContain("secret-reason", "not-owner", "read-only", "Policy", "Doc", "41", "alice", "bob", "private-text", "UPDATE", "READ");
      }
    }
  }

  @Test
  void missingMalformedAndHiddenObjectsGetTheSameAnswerAsAnUnknownPath() throws Exception {
    try (JettyTestServer server = startDocs()) {
      HttpResponse<String> hidden = get(server, "/docs/41", "bob");
      HttpResponse<String> missing = get(server, "/docs/999", "bob");
      HttpResponse<String> malformed = get(server, "/docs/not-an-id", "bob");
      HttpResponse<String> unknownPath = get(server, "/no/such/thing", "bob");
      for (HttpResponse<String> other : java.util.List.of(missing, malformed, unknownPath)) {
        assertThat(other.statusCode()).isEqualTo(hidden.statusCode()).isEqualTo(404);
        assertThat(withoutRequestId(other.body())).isEqualTo(withoutRequestId(hidden.body()));
        assertThat(Http.header(other, "Content-Type")).isEqualTo(Http.header(hidden, "Content-Type"));
        assertThat(Http.header(other, "Content-Length")).isEqualTo(Http.header(hidden, "Content-Length"));
        assertThat(other.headers().map().keySet()).isEqualTo(hidden.headers().map().keySet());
      }
    }
  }

  @Test
  void policyRefusalsAreCountedAndAuditedWithTheRequestId() throws Exception {
    try (JettyTestServer server = startDocs(); AuditCapture audit = new AuditCapture()) {
      long before = events(server).count(SecurityEvent.AUTHORIZATION_DENIED);
      HttpResponse<String> hidden = get(server, "/docs/41", "bob");
      HttpResponse<String> denied = put(server, "/docs/41", "admin");
      get(server, "/docs/41", "alice");
      get(server, "/docs/999", "bob");

      assertThat(events(server).count(SecurityEvent.AUTHORIZATION_DENIED) - before)
          .as("the two refusals; an allowed read and a missing object are not refusals")
          .isEqualTo(2);
      assertThat(audit.lines())
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).endsWith(
              "authorization hidden: subject=bob action=READ resource=Doc id=41 reason=\"secret-reason-not-owner\" requestId="
                  + Http.header(hidden, "X-Request-Id")))
          .anySatisfy(line -> assertThat(line).endsWith(
              "authorization denied: subject=admin action=UPDATE resource=Doc id=41 reason=\"secret-reason-admin-read-only\" requestId="
                  + Http.header(denied, "X-Request-Id")));
    }
  }

  @Test
  void refusalsAreMeteredByResourceActionAndOutcome() throws Exception {
    try (JettyTestServer server = startDocs()) {
      get(server, "/docs/41", "bob");
      get(server, "/docs/42", "alice");
      put(server, "/docs/41", "admin");
      String scrape = Http.get(server.uri("/metrics")).body();
      assertThat(scrape)
          .contains("bulwark_authz_refusals_total{action=\"READ\",outcome=\"hide\",resource=\"Doc\"} 2.0")
          .contains("bulwark_authz_refusals_total{action=\"UPDATE\",outcome=\"deny\",resource=\"Doc\"} 1.0")
          .contains("bulwark_security_events_total{event=\"authorization_denied\"} 3.0")
          .doesNotContain("alice", "bob", "\"41\"");
    }
  }

  /** Lets anybody read any document: proves the application's own guard replaced the services. */
  static final class ReadAnythingPolicy implements Policy<Doc, DocAction> {
    @Override
    public Class<Doc> resourceType() {
      return Doc.class;
    }

    @Override
    public Class<DocAction> actionType() {
      return DocAction.class;
    }

    @Override
    public Decision decide(Subject subject, DocAction action, Doc doc) {
      return action == DocAction.READ ? Decision.allow() : Decision.hide("read only");
    }
  }

  @Test
  void aGuardTheApplicationPutInTheContextBeforeStartIsUsedInstead() throws Exception {
    Guard own = Guard.of(new ReadAnythingPolicy());
    try (JettyTestServer server = JettyTestServer.startWithInitializer(context -> {
      TestDocs.addContainerSecurity(context);
      TestDocs.addServlets(context);
      context.setAttribute(RequestGuard.GUARD_ATTRIBUTE, own);
    })) {
      assertThat(server.servletContext().getAttribute(RequestGuard.GUARD_ATTRIBUTE)).isSameAs(own);
      assertThat(get(server, "/docs/41", "bob").body()).isEqualTo("{\"text\":\"alice-private-text\"}");
      assertThat(put(server, "/docs/41", "alice").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withoutAnInstalledGuardRequestGuardFailsClosed() throws Exception {
    // Bulwark's filter mapped by hand, without the initializer that installs the guard.
    try (JettyTestServer server = JettyTestServer.startWith(new BulwarkFilter(BulwarkConfig.defaults()), context -> {
      TestDocs.addContainerSecurity(context);
      TestDocs.addServlets(context);
    })) {
      HttpResponse<String> response = get(server, "/docs/41", "alice");
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
      assertThat(response.body()).doesNotContain("alice-private-text", "authorisation", "installed");
    }
    // With Bulwark switched off the initializer still installs the guard: policies keep deciding.
    try (JettyTestServer server = withSystemProperties(Map.of("bulwark.enabled", "false"), RequestGuardTest::startDocs)) {
      assertThat(server.servletContext().getAttribute(RequestGuard.GUARD_ATTRIBUTE)).isInstanceOf(dev.bulwark.authz.Guard.class);
      assertThat(get(server, "/docs/41", "alice").statusCode()).isEqualTo(200);
      HttpResponse<String> refused = get(server, "/docs/41", "bob");
      assertThat(refused.statusCode()).isEqualTo(404);
      assertThat(Http.header(refused, "Content-Type")).startsWith("application/problem+json");
      assertThat(refused.body()).doesNotContain("alice-private-text");
    }
  }
}
