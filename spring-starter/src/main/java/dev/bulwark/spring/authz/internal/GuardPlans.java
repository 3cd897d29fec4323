package dev.bulwark.spring.authz.internal;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import dev.bulwark.spring.authz.Guarded;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The {@link Guarded} annotations of every handler method, compiled once at start-up into steps
 * that a request only has to run: no reflection, no annotation lookup, no name parsing per request.
 */
public final class GuardPlans {

  /** The request attribute prefix under which a guarded argument waits for its parameter. */
  public static final String ATTRIBUTE_PREFIX = "dev.bulwark.guarded.";

  /** One check of a plan. */
  sealed interface Step permits TypeStep, ObjectStep, ScopeStep {}

  record TypeStep(Class<?> type, Enum<?> action) implements Step {}

  record ObjectStep(String attribute, Class<?> type, Enum<?> action, String idVariable, ResourceLookup<?> lookup)
      implements Step {}

  record ScopeStep(String attribute, Class<?> type, Enum<?> action) implements Step {}

  /**
   * The steps of one handler method.
   *
   * @param steps the checks in parameter order, type-level first
   * @param description the actions, for the endpoint inventory
   */
  public record Plan(Step[] steps, String description) {}

  private final Map<Method, Plan> plans;
  private final Guard guard;

  private GuardPlans(Map<Method, Plan> plans, Guard guard) {
    this.plans = plans;
    this.guard = guard;
  }

  /**
   * Compiles the annotations of handler methods.
   *
   * @param handlers each handler method with the path patterns it is mapped to
   * @param lookups the application's lookups by resource type
   * @throws IllegalStateException naming the method when an annotation cannot work: unknown action,
   *     a type without policy or lookup, a path variable the mapping does not have
   */
  public static GuardPlans compile(Map<HandlerMethod, Set<String>> handlers, Guard guard, Map<Class<?>, ResourceLookup<?>> lookups) {
    Map<Method, Plan> plans = new HashMap<>();
    handlers.forEach((handler, patterns) -> {
      Plan plan = compile(handler, patterns, guard, lookups);
      if (plan != null) {
        plans.put(handler.getMethod(), plan);
      }
    });
    return new GuardPlans(Map.copyOf(plans), guard);
  }

  private static Plan compile(HandlerMethod handler, Set<String> patterns, Guard guard, Map<Class<?>, ResourceLookup<?>> lookups) {
    List<Step> steps = new ArrayList<>();
    List<String> description = new ArrayList<>();
    String where = handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
    Guarded onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Guarded.class);
    if (onMethod != null) {
      Class<?> type = requireResource(onMethod, where);
      steps.add(new TypeStep(type, action(guard, type, onMethod.value(), where)));
      description.add(type.getSimpleName() + " " + onMethod.value());
    }
    for (MethodParameter parameter : handler.getMethodParameters()) {
      Guarded guarded = parameter.getParameterAnnotation(Guarded.class);
      if (guarded == null) {
        continue;
      }
      String attribute = ATTRIBUTE_PREFIX + parameter.getParameterIndex();
      if (Scope.class.equals(parameter.getParameterType())) {
        Class<?> type = requireResource(guarded, where);
        steps.add(new ScopeStep(attribute, type, action(guard, type, guarded.value(), where)));
        description.add(type.getSimpleName() + " " + guarded.value() + " (scope)");
        continue;
      }
      Class<?> type = guarded.resource() == void.class ? parameter.getParameterType() : guarded.resource();
      if (!parameter.getParameterType().isAssignableFrom(type)) {
        throw new IllegalStateException(where + ": @Guarded resource " + type.getName() + " does not fit parameter type " + parameter.getParameterType().getName());
      }
      Enum<?> action = action(guard, type, guarded.value(), where);
      ResourceLookup<?> lookup = lookupFor(type, lookups);
      if (lookup == null) {
        throw new IllegalStateException(where + ": no ResourceLookup bean loads " + type.getName() + " for @Guarded(\"" + guarded.value() + "\")");
      }
      String variable = guarded.id();
      boolean mapped = !patterns.isEmpty() && patterns.stream().allMatch(p -> p.contains("{" + variable + "}") || p.contains("{" + variable + ":"));
      if (!mapped) {
        throw new IllegalStateException(where + ": @Guarded names path variable '" + variable + "' but the mapping " + patterns + " does not have it in every pattern");
      }
      steps.add(new ObjectStep(attribute, type, action, variable, lookup));
      description.add(type.getSimpleName() + " " + guarded.value() + "({" + variable + "})");
    }
    if (steps.isEmpty()) {
      return null;
    }
    steps.sort((a, b) -> Boolean.compare(!(a instanceof TypeStep), !(b instanceof TypeStep)));
    return new Plan(steps.toArray(Step[]::new), String.join(", ", description));
  }

  private static Class<?> requireResource(Guarded guarded, String where) {
    if (guarded.resource() == void.class) {
      throw new IllegalStateException(where + ": @Guarded(\"" + guarded.value() + "\") on a method or a Scope parameter needs resource = ...");
    }
    return guarded.resource();
  }

  private static Enum<?> action(Guard guard, Class<?> type, String name, String where) {
    try {
      return guard.action(type, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  private static ResourceLookup<?> lookupFor(Class<?> type, Map<Class<?>, ResourceLookup<?>> lookups) {
    ResourceLookup<?> exact = lookups.get(type);
    if (exact != null) {
      return exact;
    }
    return lookups.entrySet().stream().filter(e -> type.isAssignableFrom(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** The plan of a handler method, or {@code null} when it has no {@link Guarded} annotation. */
  public Plan planFor(Method method) {
    return plans.get(method);
  }

  /** Runs a plan: throws {@link AuthorizationException} on a refusal, leaves guarded arguments in the request. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void apply(Plan plan, Subject subject, HttpServletRequest request) {
    Map<String, String> variables = null;
    for (Step step : plan.steps()) {
      if (step instanceof TypeStep type) {
        guard.checkType(subject, type.type(), (Enum) type.action());
      } else if (step instanceof ScopeStep scope) {
        request.setAttribute(scope.attribute(), guard.scope(subject, scope.type(), (Enum) scope.action()));
      } else if (step instanceof ObjectStep object) {
        if (variables == null) {
          variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        }
        String id = variables == null ? null : variables.get(object.idVariable());
        Optional<?> found = id == null ? Optional.empty() : object.lookup().find(id);
        if (found.isEmpty()) {
          throw AuthorizationException.notFound(object.type());
        }
        request.setAttribute(object.attribute(), guard.check(subject, (Enum) object.action(), found.get()));
      }
    }
  }
}
