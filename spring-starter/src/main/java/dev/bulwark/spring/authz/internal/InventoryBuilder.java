package dev.bulwark.spring.authz.internal;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.EndpointInventory.Endpoint;
import dev.bulwark.authz.EndpointInventory.Protection;
import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.path.PathPattern;
import dev.bulwark.spring.authz.Public;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/** Classifies every handler method by how it is guarded. */
public final class InventoryBuilder {

  private static final Set<String> SECURITY_RULES =
      Set.of(
          "org.springframework.security.access.prepost.PreAuthorize",
          "org.springframework.security.access.prepost.PostAuthorize",
          "org.springframework.security.access.prepost.PreFilter",
          "org.springframework.security.access.prepost.PostFilter",
          "org.springframework.security.access.annotation.Secured",
          "jakarta.annotation.security.RolesAllowed",
          "jakarta.annotation.security.DenyAll");

  private static final String PERMIT_ALL = "jakarta.annotation.security.PermitAll";

  /**
   * The handler classes that frameworks register themselves, by exact name: Spring Boot's error
   * controller and springdoc's OpenAPI and Swagger UI resources. Judged by the class, never by
   * its package: an application in a package under {@code org.springframework.} (Spring's own
   * samples, spring-petclinic) has application controllers there, and a subclass of one of these
   * is the application's too. (Actuator endpoints are served by their own handler mapping, not
   * inventoried here.) A library controller not listed is shown as the application's: a false
   * alarm to answer with {@code @Public} or a rule, never a false assurance.
   */
  static final Set<String> FRAMEWORK_HANDLERS =
      Set.of(
          "org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController",
          "org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController",
          "org.springdoc.webmvc.api.OpenApiWebMvcResource",
          "org.springdoc.webmvc.api.MultipleOpenApiWebMvcResource",
          "org.springdoc.webmvc.api.OpenApiActuatorResource",
          "org.springdoc.webmvc.api.MultipleOpenApiActuatorResource",
          "org.springdoc.webmvc.ui.SwaggerWelcomeWebMvc",
          "org.springdoc.webmvc.ui.SwaggerWelcomeActuator",
          "org.springdoc.webmvc.ui.SwaggerConfigResource",
          "org.springdoc.webmvc.ui.SwaggerUiHome");

  private InventoryBuilder() {}

  /** The start of an unguarded endpoint's detail when its security rule is never checked. */
  public static final String NOT_ENFORCED = "not enforced: ";

  /**
   * Builds the inventory, counting every security rule as checked.
   *
   * @param handlers each handler method with its HTTP methods and path patterns
   * @param plans the compiled guards
   */
  public static EndpointInventory build(Map<HandlerMethod, Mapping> handlers, GuardPlans plans) {
    return build(handlers, plans, handler -> true);
  }

  /**
   * Builds the inventory.
   *
   * @param handlers each handler method with its HTTP methods and path patterns
   * @param plans the compiled guards
   * @param enforced whether method security checks a handler's rules ({@code @PreAuthorize} and the
   *     like): a rule nothing checks is no guard, and the endpoint is unguarded
   */
  public static EndpointInventory build(
      Map<HandlerMethod, Mapping> handlers, GuardPlans plans, Predicate<HandlerMethod> enforced) {
    return build(handlers, plans, enforced, List.of());
  }

  /**
   * Builds the inventory.
   *
   * @param handlers each handler method with its HTTP methods and path patterns
   * @param plans the compiled guards
   * @param enforced whether method security checks a handler's rules
   * @param rules the path rules of {@code bulwark.authz.rules}, which guard a handler whose every
   *     path one of them covers whatever the method
   */
  public static EndpointInventory build(
      Map<HandlerMethod, Mapping> handlers, GuardPlans plans, Predicate<HandlerMethod> enforced, List<AuthzConfig.PathRule> rules) {
    List<Endpoint> endpoints = new ArrayList<>();
    handlers.forEach((handler, mapping) -> endpoints.add(classify(handler, mapping, plans, enforced, rules)));
    endpoints.sort(Comparator.comparing((Endpoint e) -> String.join(",", e.patterns())).thenComparing(e -> String.join(",", e.methods())));
    return new EndpointInventory(endpoints);
  }

  /**
   * The request side of one mapping.
   *
   * @param methods HTTP methods; empty for all
   * @param patterns path patterns
   */
  public record Mapping(Set<String> methods, Set<String> patterns) {}

  private static Endpoint classify(
      HandlerMethod handler, Mapping mapping, GuardPlans plans, Predicate<HandlerMethod> enforced, List<AuthzConfig.PathRule> rules) {
    String name = handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
    Set<String> methods = new TreeSet<>(mapping.methods());
    Set<String> patterns = new TreeSet<>(mapping.patterns());
    GuardPlans.Plan plan = plans.planFor(handler.getMethod());
    if (plan != null) {
      return new Endpoint(methods, patterns, name, Protection.POLICY, plan.description());
    }
    Public open = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Public.class);
    if (open == null) {
      open = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Public.class);
    }
    if (open != null) {
      return new Endpoint(methods, patterns, name, Protection.PUBLIC, open.value().isEmpty() ? "@Public" : open.value());
    }
    String rule = securityRule(handler.getMethod());
    if (rule == null) {
      rule = securityRule(handler.getBeanType());
    }
    if (rule != null && !rule.startsWith("@PermitAll") && !enforced.test(handler)) {
      return new Endpoint(methods, patterns, name, Protection.UNGUARDED, NOT_ENFORCED + rule + " present but method security " + notEnabled(rule));
    }
    if (rule != null) {
      return new Endpoint(methods, patterns, name, rule.startsWith("@PermitAll") ? Protection.PUBLIC : Protection.SECURITY_RULE, rule);
    }
    for (int i = 0; i < rules.size(); i++) {
      AuthzConfig.PathRule pathRule = rules.get(i);
      if (!patterns.isEmpty() && patterns.stream().allMatch(pattern -> covers(pathRule, pattern))) {
        Protection protection = pathRule.access() == AuthzConfig.PathRule.Access.PUBLIC ? Protection.PUBLIC : Protection.ACCESS_RULE;
        return new Endpoint(methods, patterns, name, protection, "bulwark.authz.rules[" + i + "] " + pathRule.access().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (FRAMEWORK_HANDLERS.contains(handler.getBeanType().getName())) {
      return new Endpoint(methods, patterns, name, Protection.FRAMEWORK, handler.getBeanType().getName());
    }
    return new Endpoint(methods, patterns, name, Protection.UNGUARDED, "no @Guarded, @Public, security rule or bulwark.authz.rules entry");
  }

  /**
   * Whether a path rule covers every path of a Spring mapping pattern: its variables ({@code {id}},
   * {@code {id:\\d+}}) become one segment, {@code {*rest}} any number of them.
   */
  private static boolean covers(AuthzConfig.PathRule rule, String springPattern) {
    String bulwarkPattern =
        springPattern.replaceAll("\\{\\*[^}]*}", "**").replaceAll("\\{[^}]*}", "*");
    try {
      return rule.covers(PathPattern.of(bulwarkPattern.isEmpty() ? "/" : bulwarkPattern));
    } catch (IllegalArgumentException notAPattern) {
      return false;
    }
  }

  private static String notEnabled(String rule) {
    if (rule.startsWith("@Secured")) {
      return "does not check @Secured (@EnableMethodSecurity(securedEnabled = true))";
    }
    if (rule.startsWith("@RolesAllowed") || rule.startsWith("@DenyAll")) {
      return "does not check it (@EnableMethodSecurity(jsr250Enabled = true))";
    }
    return "is not enabled (@EnableMethodSecurity)";
  }

  private static String securityRule(AnnotatedElement element) {
    for (Annotation annotation : element.getAnnotations()) {
      String type = annotation.annotationType().getName();
      if (SECURITY_RULES.contains(type) || PERMIT_ALL.equals(type)) {
        return "@" + annotation.annotationType().getSimpleName() + value(annotation);
      }
    }
    return null;
  }

  private static String value(Annotation annotation) {
    try {
      Object value = annotation.annotationType().getMethod("value").invoke(annotation);
      if (value instanceof String[] array) {
        return "(" + String.join(", ", array) + ")";
      }
      return "(" + value + ")";
    } catch (ReflectiveOperationException e) {
      return "";
    }
  }
}
