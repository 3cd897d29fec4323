package dev.bulwark.authz;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every endpoint of the application with how it is guarded, built at start-up by each host: the
 * Spring starter lists handler methods (and serves the list as the Actuator endpoint {@code
 * bulwarkauthz}), the servlet drop-in lists servlet mappings. {@code bulwark.authz.unguarded}
 * decides what start-up does about {@link Protection#UNGUARDED} ones.
 *
 * @param endpoints one entry per handler method or servlet mapping, in path order
 */
public record EndpointInventory(List<Endpoint> endpoints) {

  /** How an endpoint is guarded. */
  public enum Protection {
    /** A Bulwark policy through Spring's {@code @Guarded}. */
    POLICY,
    /** A Spring Security method rule ({@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed}...). */
    SECURITY_RULE,
    /** A path rule of {@code bulwark.authz.rules} covering every request to it. */
    ACCESS_RULE,
    /** Open to anyone on purpose: Spring's {@code @Public} or {@code @PermitAll}, or an {@code access=public} path rule. */
    PUBLIC,
    /**
     * Served by the framework, the container or Bulwark itself, such as Spring Boot's error
     * controller, a container's default servlet or Bulwark's health probes.
     */
    FRAMEWORK,
    /** Nothing above: any caller the application's authentication lets in reaches it with any object id. */
    UNGUARDED
  }

  /**
   * One handler method or servlet mapping.
   *
   * @param methods HTTP methods; empty for all
   * @param patterns path patterns, or a servlet's URL pattern
   * @param handler the controller class and method, or the servlet's name and class
   * @param protection how it is guarded
   * @param detail the actions, rule or reason
   */
  public record Endpoint(Set<String> methods, Set<String> patterns, String handler, Protection protection, String detail) {}

  /** Copies the list. */
  public EndpointInventory {
    endpoints = List.copyOf(endpoints);
  }

  /** The unguarded endpoints. */
  public List<Endpoint> unguarded() {
    return endpoints.stream().filter(e -> e.protection() == Protection.UNGUARDED).toList();
  }

  /** A fixed-width table for the start-up log. */
  public String table() {
    int routeWidth = "ROUTE".length();
    int handlerWidth = "HANDLER".length();
    for (Endpoint e : endpoints) {
      routeWidth = Math.max(routeWidth, route(e).length());
      handlerWidth = Math.max(handlerWidth, e.handler().length());
    }
    StringBuilder out = new StringBuilder();
    String format = "%-" + routeWidth + "s  %-13s  %-" + handlerWidth + "s  %s%n";
    out.append(String.format(format, "ROUTE", "PROTECTION", "HANDLER", "DETAIL"));
    for (Endpoint e : endpoints) {
      out.append(String.format(format, route(e), e.protection().name().toLowerCase(Locale.ROOT), e.handler(), e.detail()));
    }
    return out.toString();
  }

  private static String route(Endpoint e) {
    return (e.methods().isEmpty() ? "*" : String.join(",", e.methods())) + " " + String.join(" | ", e.patterns());
  }
}
