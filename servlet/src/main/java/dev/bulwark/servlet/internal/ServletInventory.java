package dev.bulwark.servlet.internal;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.AuthzConfig.PathRule;
import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.authz.EndpointInventory.Endpoint;
import dev.bulwark.authz.EndpointInventory.Protection;
import dev.bulwark.path.PathPattern;
import dev.bulwark.servlet.BulwarkServletContainerInitializer;
import dev.bulwark.servlet.HealthServlet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet side of the endpoint inventory: every servlet mapping of a context with the first
 * {@code bulwark.authz.rules} entry that decides every request to it, logged once at start-up. A
 * filter mapped to no path, for its {@code init}: the moment every servlet is registered, before
 * the first request, where an exception fails the context.
 */
public final class ServletInventory implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(ServletInventory.class);

  /** Bulwark's own endpoints, each guarded by its own means (trusted callers, or none needed). */
  private static final Set<String> BULWARK_SERVLETS =
      Set.of(
          HealthServlet.class.getName(),
          TrustedReportServlet.class.getName(),
          RateLimitInspectionServlet.class.getName(),
          PrometheusServlet.class.getName());

  /**
   * The containers' default, not-found and JSP servlets, by exact class: an application's own
   * servlet in a container's package is still the application's.
   */
  private static final Map<String, String> CONTAINER_SERVLETS =
      Map.of(
          "org.eclipse.jetty.ee10.servlet.DefaultServlet", "the container's default servlet",
          "org.eclipse.jetty.ee11.servlet.DefaultServlet", "the container's default servlet",
          "org.eclipse.jetty.ee10.servlet.ServletHandler$Default404Servlet", "the container's not-found servlet",
          "org.eclipse.jetty.ee11.servlet.ServletHandler$Default404Servlet", "the container's not-found servlet",
          "org.eclipse.jetty.ee10.jsp.JettyJspServlet", "the container's JSP servlet",
          "org.eclipse.jetty.ee11.jsp.JettyJspServlet", "the container's JSP servlet",
          "org.apache.catalina.servlets.DefaultServlet", "the container's default servlet",
          "org.apache.jasper.servlet.JspServlet", "the container's JSP servlet",
          "io.undertow.servlet.handlers.DefaultServlet", "the container's default servlet");

  private final AuthzConfig authz;

  /** Lists the mappings against these rules when the container initialises the filter. */
  public ServletInventory(AuthzConfig authz) {
    this.authz = authz;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    ServletContext context = config.getServletContext();
    EndpointInventory inventory = build(context, authz);
    context.setAttribute(BulwarkServletContainerInitializer.INVENTORY_ATTRIBUTE, inventory);
    report(authz.unguarded(), inventory);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    chain.doFilter(request, response);
  }

  /** Lists every mapping of every servlet registered on the context. */
  public static EndpointInventory build(ServletContext context, AuthzConfig authz) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (ServletRegistration servlet : context.getServletRegistrations().values()) {
      for (String mapping : servlet.getMappings()) {
        endpoints.add(classify(servlet, mapping, authz.rules()));
      }
    }
    endpoints.sort(Comparator.comparing((Endpoint e) -> e.patterns().iterator().next()));
    return new EndpointInventory(endpoints);
  }

  /** Logs the inventory; with {@code fail} and an unguarded mapping, throws instead, naming them. */
  private static void report(AuthzConfig.Unguarded mode, EndpointInventory inventory) throws ServletException {
    List<Endpoint> unguarded = inventory.unguarded();
    if (unguarded.isEmpty()) {
      LOG.info("Bulwark servlet inventory: every servlet mapping is guarded{}{}", System.lineSeparator(), inventory.table());
      return;
    }
    String message =
        unguarded.size()
            + " servlet mapping(s) no bulwark.authz.rules entry covers: add a rule (access=public for what anyone may see)"
            + " or map them under one";
    if (mode == AuthzConfig.Unguarded.FAIL) {
      throw new ServletException(
          "Bulwark (bulwark.authz.unguarded=fail): " + message + System.lineSeparator() + new EndpointInventory(unguarded).table());
    }
    LOG.warn("Bulwark servlet inventory: {}{}{}", message, System.lineSeparator(), inventory.table());
  }

  private static Endpoint classify(ServletRegistration servlet, String mapping, List<PathRule> rules) {
    String className = servlet.getClassName() == null ? "?" : servlet.getClassName();
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    // Containers name a servlet added as an instance after its class; the class alone says it.
    String handler = servlet.getName().startsWith(className) ? simpleName : servlet.getName() + " (" + simpleName + ")";
    // The context root mapping is the empty string, which would show as nothing at all.
    Set<String> patterns = Set.of(mapping.isEmpty() ? "\"\"" : mapping);
    PathPattern paths = paths(mapping);
    for (int i = 0; i < rules.size(); i++) {
      PathRule rule = rules.get(i);
      if (rule.covers(paths)) {
        Protection protection = rule.access() == PathRule.Access.PUBLIC ? Protection.PUBLIC : Protection.ACCESS_RULE;
        return new Endpoint(Set.of(), patterns, handler, protection, "bulwark.authz.rules[" + i + "] " + access(rule));
      }
    }
    if (BULWARK_SERVLETS.contains(className)) {
      return new Endpoint(Set.of(), patterns, handler, Protection.FRAMEWORK, "Bulwark's own endpoint");
    }
    String container = CONTAINER_SERVLETS.get(className);
    if (container != null) {
      return new Endpoint(Set.of(), patterns, handler, Protection.FRAMEWORK, container);
    }
    return new Endpoint(Set.of(), patterns, handler, Protection.UNGUARDED, "no bulwark.authz.rules entry covers every request");
  }

  /**
   * The request paths a servlet mapping receives, as a path pattern: {@code /api/*} is {@code
   * /api/**}, the context root {@code ""} is {@code /}; the default mapping {@code /} and extension
   * mappings ({@code *.jsp}) may receive any path, so only a rule for {@code /**} covers them.
   */
  private static PathPattern paths(String mapping) {
    if (mapping.isEmpty()) {
      return PathPattern.of("/");
    }
    if (mapping.equals("/") || !mapping.startsWith("/")) {
      return PathPattern.of("/**");
    }
    if (mapping.endsWith("/*")) {
      return PathPattern.of(mapping.substring(0, mapping.length() - 2) + "/**");
    }
    return PathPattern.of(mapping);
  }

  private static String access(PathRule rule) {
    String access = rule.access().name().toLowerCase(Locale.ROOT);
    return rule.access() == PathRule.Access.ROLES ? access + " " + String.join(", ", rule.roles()) : access;
  }
}
