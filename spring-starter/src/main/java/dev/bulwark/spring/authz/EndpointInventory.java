package dev.bulwark.spring.authz;

import java.util.List;
import java.util.Set;

/**
 * Every request-mapped handler of the application with how it is guarded, built at start-up.
 * Served by the Actuator endpoint {@code bulwarkauthz}.
 *
 * @param endpoints one entry per handler method, in path order
 */
public record EndpointInventory(List<Endpoint> endpoints) {

  /** How an endpoint is guarded. */
  public enum Protection {
    /** A Bulwark policy through {@link Guarded}. */
    POLICY,
    /** A Spring Security method rule ({@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed}...). */
    SECURITY_RULE,
    /** Marked {@link Public} (or {@code @PermitAll}). */
    PUBLIC,
    /** A handler of the framework itself, such as Spring Boot's error controller. */
    FRAMEWORK,
    /** Nothing above: any authenticated caller reaches it with any object id. */
    UNGUARDED
  }

  /**
   * One handler.
   *
   * @param methods HTTP methods; empty for all
   * @param patterns path patterns
   * @param handler the controller class and method
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
      out.append(String.format(format, route(e), e.protection().name().toLowerCase(java.util.Locale.ROOT), e.handler(), e.detail()));
    }
    return out.toString();
  }

  private static String route(Endpoint e) {
    return (e.methods().isEmpty() ? "*" : String.join(",", e.methods())) + " " + String.join(" | ", e.patterns());
  }
}
