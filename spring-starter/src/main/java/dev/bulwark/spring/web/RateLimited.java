package dev.bulwark.spring.web;

import dev.bulwark.ratelimit.FailurePolicy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rate-limits a Spring MVC handler method (or every handler of a controller). Read once at
 * start-up into a compiled rule; a request pays one map lookup and the bucket decision. Runs after
 * Spring Security, so {@code principal} keys see the signed-in user. Uses the store configured
 * under {@code bulwark.rate-limit}, and works even when {@code bulwark.rate-limit.enabled} is false
 * (the annotation is the opt-in).
 *
 * <pre>{@code
 * @RateLimited(name = "exports", limits = {"5/1m", "50/1d"}, key = "principal,ip")
 * @GetMapping("/api/export")
 * Export export() { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

  /**
   * The rule's name, unique across annotations and the {@code bulwark.rate-limit} rules; it appears
   * in metrics, the RateLimit fields and the {@code bulwarkratelimit} Actuator endpoint.
   */
  String name();

  /** One or more bandwidths such as {@code 10/1s} and {@code 1000/1h}. */
  String[] limits();

  /** The key: {@code ip}, {@code principal}, {@code header:Name} or a chain; default {@code principal,ip}. */
  String key() default "principal,ip";

  /** Tokens one call costs; default 1. */
  int cost() default 1;

  /** Report would-be rejections without refusing; default {@code false}. */
  boolean shadow() default false;

  /** What to do when the shared store does not answer; default local fallback. */
  FailurePolicy onStoreFailure() default FailurePolicy.LOCAL_FALLBACK;
}
