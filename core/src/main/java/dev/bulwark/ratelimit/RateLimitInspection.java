package dev.bulwark.ratelimit;

import dev.bulwark.internal.Json;
import dev.bulwark.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The documents of rate-limit inspection and resets, one rendering for both hosts: the Actuator
 * endpoint {@code bulwarkratelimit} in Spring and the servlet at {@code
 * bulwark.rate-limit.inspect-path} otherwise. No document repeats the key it was asked about, nor
 * an unknown rule's name.
 */
public final class RateLimitInspection {

  private RateLimitInspection() {}

  /**
   * The rules on offer: {@code enabled}, {@code store} (when on) and {@code rules}, and when
   * handlers declared rules of their own, {@code annotatedRules}, listed after the configured ones
   * in {@code rules}.
   *
   * @param policy the rate limiting of the front door, or {@code null} when Bulwark is off
   */
  public static Map<String, Object> rules(RateLimitPolicy policy) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean enabled = policy != null && policy.enabled();
    body.put("enabled", enabled);
    RateLimiter limiter = policy == null ? null : policy.limiter();
    if (enabled) {
      body.put("store", limiter.storeKind());
    }
    List<String> handlerRules = policy == null ? List.of() : policy.handlerRules();
    List<String> rules = new ArrayList<>();
    if (limiter != null) {
      rules.addAll(limiter.stats().rules());
    }
    if (!handlerRules.isEmpty()) {
      body.put("annotatedRules", handlerRules);
    }
    body.put("rules", rules);
    return body;
  }

  /** One key's state, from {@link RateLimiter#inspect}: {@code rule}, {@code state}, {@code remaining}, {@code retryAfterSeconds}. */
  public static Map<String, Object> state(RateLimitDecision decision) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("rule", decision.rule());
    body.put("state", decision.outcome().name().toLowerCase(Locale.ROOT));
    body.put("remaining", decision.remaining());
    body.put("retryAfterSeconds", decision.retryAfterSeconds());
    return body;
  }

  /** 404: no rule has the name asked for (the answer does not repeat it). */
  public static Problem unknownRule() {
    return Problem.of("unknown-rate-limit-rule", "Not Found", 404, "No rate-limit rule has this name.");
  }

  /** Renders one of these documents as JSON, for hosts without a JSON library of their own. */
  public static String toJson(Map<String, Object> document) {
    StringBuilder out = new StringBuilder();
    Json.value(out, document);
    return out.toString();
  }
}
