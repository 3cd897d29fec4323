package dev.bulwark.spring.web;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies {@link RateLimited}. The handler methods are scanned once, when the handler mappings are
 * ready; each annotation becomes a rule of the front door's own limiter (one store, one Redis
 * client), applied through {@link BulwarkFilter#admitRule} to the handler's requests.
 */
public final class RateLimitedInterceptor implements HandlerInterceptor {

  private final BulwarkFilter filter;
  private volatile Map<Method, String> rules = Map.of();
  private volatile List<String> names = List.of();

  /** @param filter the front door, whose limiter takes the rules */
  public RateLimitedInterceptor(BulwarkFilter filter) {
    this.filter = filter;
  }

  /**
   * Compiles the annotations of the given handler methods. Called once at start-up.
   *
   * @throws ConfigException if two annotations share a name, one shares a configured rule's name,
   *     or one is malformed
   */
  public void initialize(Iterable<HandlerMethod> handlers) {
    List<RateLimitRule> definitions = new ArrayList<>();
    Map<Method, String> byMethod = new HashMap<>();
    Map<String, RateLimited> byName = new HashMap<>();
    RateLimiter configuredLimiter = filter.rateLimiter();
    List<String> configured = configuredLimiter == null ? List.of() : configuredLimiter.stats().rules();
    for (HandlerMethod handler : handlers) {
      RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RateLimited.class);
      if (annotation == null) {
        annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RateLimited.class);
      }
      if (annotation == null) {
        continue;
      }
      if (configured.contains(annotation.name())) {
        // The Actuator endpoint and the meters find a rule by its name alone.
        throw new ConfigException(
            "@RateLimited(name=\"" + annotation.name() + "\")",
            "a bulwark.rate-limit rule has this name too; names must be unique (" + handler + ")");
      }
      RateLimited previous = byName.putIfAbsent(annotation.name(), annotation);
      if (previous == null) {
        try {
          definitions.add(
              RateLimitRule.builder(annotation.name())
                  .limits(annotation.limits())
                  .cost(annotation.cost())
                  .key(annotation.key())
                  .shadow(annotation.shadow())
                  .onStoreFailure(annotation.onStoreFailure())
                  .build());
        } catch (IllegalArgumentException e) {
          throw new ConfigException("@RateLimited(name=\"" + annotation.name() + "\") on " + handler, e.getMessage(), e);
        }
      } else if (previous != annotation && !previous.equals(annotation)) {
        throw new ConfigException(
            "@RateLimited(name=\"" + annotation.name() + "\")",
            "two different annotations share this name; names must be unique (" + handler + ")");
      }
      byMethod.put(handler.getMethod(), annotation.name());
    }
    if (definitions.isEmpty()) {
      return;
    }
    filter.assembly().rateLimits().addHandlerRules(definitions);
    this.names = definitions.stream().map(RateLimitRule::name).toList();
    this.rules = Map.copyOf(byMethod);
  }

  /** Returns the names of the annotated rules, in the order found. */
  public List<String> ruleNames() {
    return names;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws Exception {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    String rule = rules.get(method.getMethod());
    return rule == null || filter.admitRule(rule, request, response);
  }
}
