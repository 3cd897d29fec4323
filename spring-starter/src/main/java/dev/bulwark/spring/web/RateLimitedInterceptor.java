package dev.bulwark.spring.web;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.core.ConfigException;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.servlet.internal.RateLimiting;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies {@link RateLimited}. The handler methods are scanned once, when the handler mappings are
 * ready; each annotation becomes a compiled rule in one limiter, looked up by method per request.
 */
public final class RateLimitedInterceptor implements HandlerInterceptor, DisposableBean {

  private final BulwarkConfig config;
  private final SecurityEvents events;
  private final dev.bulwark.servlet.BulwarkFilter filter;
  private volatile Map<Method, CompiledRule> rules = Map.of();
  private volatile RateLimiting stage;

  /**
   * @param config the bound configuration (the store settings)
   * @param events where refusals are counted
   * @param filter the filter that resolves the client for each request
   */
  public RateLimitedInterceptor(BulwarkConfig config, SecurityEvents events, dev.bulwark.servlet.BulwarkFilter filter) {
    this.config = config;
    this.events = events;
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
    Map<Method, String> names = new HashMap<>();
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
      names.put(handler.getMethod(), annotation.name());
    }
    if (definitions.isEmpty()) {
      return;
    }
    RateLimitConfig base = config.rateLimit();
    RateLimitConfig annotated =
        RateLimitConfig.from(base)
            .enabled(true)
            // The blocklist is the configured stage's to enforce, not each annotation's.
            .blocklist()
            .rules(definitions.toArray(RateLimitRule[]::new))
            .build();
    RateLimiter limiter = RateLimiter.compile(annotated);
    Map<String, CompiledRule> compiled = new HashMap<>();
    for (CompiledRule rule : limiter.rules()) {
      compiled.put(rule.name(), rule);
    }
    Map<Method, CompiledRule> byMethod = new HashMap<>();
    names.forEach((method, name) -> byMethod.put(method, compiled.get(name)));
    this.stage = RateLimiting.forHandlers(annotated, limiter, config.clientIp().ipv6Prefix(), events);
    filter.exposeClientToLaterPhases();
    this.rules = Map.copyOf(byMethod);
  }

  /** Returns the limiter of the annotated rules, or {@code null} when there are none. */
  public RateLimiter limiter() {
    RateLimiting current = stage;
    return current == null ? null : current.limiter();
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws Exception {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    CompiledRule rule = rules.get(method.getMethod());
    return rule == null || stage.checkRule(rule, request, response);
  }

  @Override
  public void destroy() {
    RateLimiting current = stage;
    if (current != null) {
      current.limiter().close();
    }
  }
}
