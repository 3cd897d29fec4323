package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.authz.EndpointInventory.Endpoint;
import dev.bulwark.authz.EndpointInventory.Protection;
import jakarta.servlet.http.HttpServlet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drop-in initializer's servlet inventory on a real Jetty: two application servlets, one
 * registered in code before the initializer runs and one by an initializer that runs after
 * Bulwark's, one covered by a path rule and one not; the container's default servlet and
 * Bulwark's own endpoints marked as such. The shared test servlets are there too, uncovered.
 */
class ServletInventoryTest {

  /** An application servlet under a path rule. */
  static final class DocsServlet extends HttpServlet {}

  /** An application servlet no rule covers whole. */
  static final class ReportsServlet extends HttpServlet {}

  private JettyTestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> rules(String unguarded) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("bulwark.authz.rules[0].patterns", "/docs/**");
    properties.put("bulwark.authz.rules[0].access", "roles");
    properties.put("bulwark.authz.rules[0].roles", "ADMIN");
    // Only GET: a POST to /reports is decided by no rule, so the mapping is not covered.
    properties.put("bulwark.authz.rules[1].patterns", "/reports");
    properties.put("bulwark.authz.rules[1].methods", "GET");
    properties.put("bulwark.authz.unguarded", unguarded);
    return properties;
  }

  /** The test servlets, the container's default servlet and DocsServlet, then the initializers. */
  private EndpointInventory start(Map<String, String> properties) throws Exception {
    server =
        RequestGuardTest.withSystemProperties(
            properties,
            () ->
                JettyTestServer.startWithInitializer(context -> {
                  context.addServlet(new ServletHolder(new DocsServlet()), "/docs/*");
                  // Runs after Bulwark's initializer: the inventory must still see this servlet.
                  context.addServletContainerInitializer(
                      (classes, servletContext) -> servletContext.addServlet("reports", new ReportsServlet()).addMapping("/reports"));
                }));
    return (EndpointInventory) server.servletContext().getAttribute(BulwarkServletContainerInitializer.INVENTORY_ATTRIBUTE);
  }

  @Test
  void everyMappingIsListedWithTheRuleThatCoversIt() throws Exception {
    EndpointInventory inventory;
    String log;
    try (AuditCapture capture = new AuditCapture()) {
      inventory = start(rules("warn"));
      log = capture.text();
    }
    Map<String, Endpoint> byMapping = inventory.endpoints().stream().collect(java.util.stream.Collectors.toMap(e -> e.patterns().iterator().next(), e -> e));

    assertThat(byMapping.get("/docs/*"))
        .isEqualTo(new Endpoint(Set.of(), Set.of("/docs/*"), "ServletInventoryTest$DocsServlet", Protection.ACCESS_RULE, "bulwark.authz.rules[0] roles ADMIN"));
    assertThat(byMapping.get("/reports"))
        .isEqualTo(new Endpoint(Set.of(), Set.of("/reports"), "reports (ServletInventoryTest$ReportsServlet)", Protection.UNGUARDED, "no bulwark.authz.rules entry covers every request"));
    assertThat(byMapping.get("/").protection()).isEqualTo(Protection.FRAMEWORK);
    assertThat(byMapping.get("/").detail()).isEqualTo("the container's default servlet");
    assertThat(byMapping.get("/health").protection()).as("Bulwark's own endpoint").isEqualTo(Protection.FRAMEWORK);
    assertThat(inventory.unguarded()).extracting(e -> e.patterns().iterator().next()).contains("/reports").doesNotContain("/docs/*", "/", "/health");

    assertThat(log).contains("WARN dev.bulwark.servlet.internal.ServletInventory - Bulwark servlet inventory: " + inventory.unguarded().size() + " servlet mapping(s)");
    assertThat(log.lines().filter(line -> line.startsWith("* /docs/*")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("access_rule", "DocsServlet", "bulwark.authz.rules[0] roles ADMIN");
    assertThat(log.lines().filter(line -> line.startsWith("* /reports ")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("unguarded");
  }

  @Test
  void failRefusesToStartNamingTheUnguardedMappings() {
    assertThatThrownBy(() -> start(rules("fail")))
        .hasStackTraceContaining("bulwark.authz.unguarded=fail")
        .hasStackTraceContaining("* /reports")
        .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("* /docs/*"));
  }

  @Test
  void failStartsWhenEveryMappingIsCovered() throws Exception {
    Map<String, String> properties = rules("fail");
    properties.put("bulwark.authz.rules[2].patterns", "/reports");
    properties.put("bulwark.authz.rules[2].access", "public");
    // The test servlets, which no other rule covers.
    properties.put("bulwark.authz.rules[3].patterns", "/**");
    properties.put("bulwark.authz.rules[3].access", "authenticated");
    EndpointInventory inventory = start(properties);
    assertThat(inventory.unguarded()).isEmpty();
    assertThat(inventory.endpoints()).filteredOn(e -> e.patterns().contains("/"))
        .singleElement().extracting(Endpoint::protection, Endpoint::detail).containsExactly(Protection.ACCESS_RULE, "bulwark.authz.rules[3] authenticated");
    assertThat(inventory.endpoints()).filteredOn(e -> e.patterns().contains("/reports"))
        .singleElement().extracting(Endpoint::protection, Endpoint::detail).containsExactly(Protection.PUBLIC, "bulwark.authz.rules[2] public");
  }

  private static String stackTrace(Throwable failure) {
    java.io.StringWriter out = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
