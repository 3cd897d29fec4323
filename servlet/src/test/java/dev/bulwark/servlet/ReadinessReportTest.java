package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.authz.Guard;
import dev.bulwark.readiness.ReadinessException;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness report of the drop-in initializer over real HTTP on Jetty: served to loopback
 * only, with the container's own findings, and refusing to start on a fail-on finding. Settings
 * arrive as system properties, as an operator passes them.
 */
class ReadinessReportTest {

  private final List<String> properties = new ArrayList<>();
  private Server server;

  private void set(String key, String value) {
    System.setProperty(key, value);
    properties.add(key);
  }

  @AfterEach
  void clean() throws Exception {
    properties.forEach(System::clearProperty);
    if (server != null) {
      server.stop();
    }
  }

  private URI start(Consumer<ServletContextHandler> setUp) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    setUp.accept(context);
    context.addServletContainerInitializer(new BulwarkServletContainerInitializer());
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Test
  void theReportIsServedAsJsonToTrustedAddressesOnly() throws Exception {
    URI base = start(context -> {});
    HttpResponse<String> report = Http.get(base.resolve("/readiness"));
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(Http.header(report, "Content-Type")).startsWith("application/json");
    assertThat(Http.header(report, "Cache-Control")).isEqualTo("no-store");
    assertThat(report.body())
        .startsWith("{\"status\":\"clean\"")
        .contains("{\"id\":\"security-headers\",\"name\":\"security headers\",\"on\":true")
        .contains("\"findings\":[]");

    HttpResponse<String> relayed = Http.get(base.resolve("/readiness"), "X-Forwarded-For", "203.0.113.5");
    assertThat(relayed.statusCode()).as("loopback relaying an outsider through an unlisted proxy").isEqualTo(403);
    assertThat(relayed.body()).doesNotContain("protections");
  }

  @Test
  void outsidersAreRefused() throws Exception {
    set("bulwark.readiness.trusted-addresses", "10.0.0.0/8");
    URI base = start(context -> {});
    HttpResponse<String> refused = Http.get(base.resolve("/readiness"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("urn:bulwark:problem:readiness-forbidden").doesNotContain("protections");
  }

  @Test
  void theContainersRiskySettingsAreFlagged() throws Exception {
    set("bulwark.cross-site.enabled", "false");
    set("bulwark.readiness.path", "/ops/readiness");
    URI base =
        start(
            context -> {
              ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
              errors.setShowStacks(true);
              context.setErrorHandler(errors);
              context.addServlet(new ServletHolder("h2-console", org.h2.server.web.JakartaWebServlet.class), "/h2-console/*");
            });
    HttpResponse<String> report = Http.get(base.resolve("/ops/readiness"));
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body())
        .startsWith("{\"status\":\"findings\"")
        .contains("\"id\":\"cross-site-disabled\",\"severity\":\"high\"")
        .contains("\"id\":\"database-console-enabled\",\"severity\":\"high\",\"message\":\"The H2 console servlet 'h2-console'")
        .contains("/h2-console/*")
        .contains("\"id\":\"error-details-exposed\"")
        .contains("isShowStacks() is true");
    assertThat(Http.get(base.resolve("/readiness")).statusCode()).as("the path moved").isEqualTo(404);
  }

  @Test
  void aFailOnFindingStopsStartUpNamingTheFindingAndItsFix() {
    set("bulwark.headers.enabled", "false");
    set("bulwark.readiness.fail-on", "high");
    assertThatThrownBy(() -> start(context -> {}))
        .satisfies(
            failure -> {
              Throwable cause = failure;
              while (cause != null && !(cause instanceof ReadinessException)) {
                cause = cause.getCause();
              }
              assertThat(cause)
                  .as("the readiness failure is the cause of the failed start")
                  .isInstanceOf(ReadinessException.class)
                  .hasMessageContaining("headers-disabled")
                  .hasMessageContaining("Fix: Remove bulwark.headers.enabled=false");
            });
    assertThat(server.isStarted()).isFalse();
  }

  @Test
  void anAcknowledgedFindingDoesNotStopStartUp() throws Exception {
    set("bulwark.headers.enabled", "false");
    set("bulwark.readiness.fail-on", "high");
    set("bulwark.readiness.acknowledge", "headers-disabled");
    URI base = start(context -> {});
    assertThat(Http.get(base.resolve("/readiness")).body())
        .contains("\"id\":\"headers-disabled\",\"severity\":\"high\"")
        .contains("\"acknowledged\":true");
  }

  @Test
  void aDisabledBulwarkInstallsNothingButCanStillRefuseToStart() throws Exception {
    set("bulwark.enabled", "false");
    // This class path holds a Policy service (TestDocs): the filter stays, to answer its refusals.
    URI base = start(context -> {});
    ServletContext servletContext = ((ServletContextHandler) server.getHandler()).getServletContext();
    assertThat(servletContext.getFilterRegistrations().keySet()).containsExactly("bulwark");
    assertThat(servletContext.getServletRegistrations().keySet()).noneMatch(name -> name.startsWith("bulwark"));
    for (String path : List.of("/readiness", "/readiness/adoption", "/health", "/health/live", "/metrics", "/bulwark/rate-limit")) {
      assertThat(Http.get(base.resolve(path)).statusCode()).as(path).isEqualTo(404);
    }
    HttpResponse<String> page = Http.get(base.resolve("/anything"));
    assertThat(page.headers().firstValue("X-Request-Id")).isEmpty();
    assertThat(page.headers().firstValue("X-Content-Type-Options")).isEmpty();
    server.stop();
    // An application guard without policies and no path rules: nothing at all is left to install.
    start(context -> context.setAttribute(RequestGuard.GUARD_ATTRIBUTE, Guard.builder().build()));
    servletContext = ((ServletContextHandler) server.getHandler()).getServletContext();
    assertThat(servletContext.getFilterRegistrations()).isEmpty();
    assertThat(servletContext.getServletRegistrations().keySet()).noneMatch(name -> name.startsWith("bulwark"));
    server.stop();
    set("bulwark.readiness.fail-on", "bulwark-disabled");
    assertThatThrownBy(() -> start(context -> {})).hasStackTraceContaining("bulwark-disabled");
  }

  @Test
  void switchedOffTheReportIsNeitherMadeNorServed() throws Exception {
    set("bulwark.readiness.enabled", "false");
    set("bulwark.headers.enabled", "false");
    set("bulwark.readiness.fail-on", "high");
    URI base = start(context -> {});
    assertThat(server.isStarted()).as("fail-on does not apply when the report is off").isTrue();
    assertThat(Http.get(base.resolve("/readiness")).statusCode()).isEqualTo(404);
  }
}
