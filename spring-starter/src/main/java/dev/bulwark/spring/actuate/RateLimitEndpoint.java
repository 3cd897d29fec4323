package dev.bulwark.spring.actuate;

import dev.bulwark.problem.Problem;
import dev.bulwark.ratelimit.RateLimitInspection;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.requestid.RequestIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

/**
 * Rate-limit inspection and resets over Actuator ({@code bulwarkratelimit}): the rules, a key's
 * state, and {@code DELETE} to reset a key, for the configured rules and {@code @RateLimited}
 * alike (one limiter holds both). The documents are {@link RateLimitInspection}'s, as the servlet
 * host serves them.
 */
@WebEndpoint(id = "bulwarkratelimit")
public final class RateLimitEndpoint {
  private static final MimeType PROBLEM = MimeType.valueOf(Problem.MEDIA_TYPE);

  private final RateLimitPolicy rateLimits;

  /** @param rateLimits the front door's rate limiting */
  public RateLimitEndpoint(RateLimitPolicy rateLimits) {
    this.rateLimits = rateLimits;
  }

  /** The rules on offer. */
  @ReadOperation
  public Map<String, Object> rules() {
    return RateLimitInspection.rules(rateLimits);
  }

  /** One key's state under a rule. */
  @ReadOperation
  public WebEndpointResponse<Map<String, Object>> inspect(
      @Selector String rule, @Selector(match = Selector.Match.ALL_REMAINING) String[] key) {
    RateLimiter limiter = limiterFor(rule);
    if (limiter == null) {
      return unknownRule();
    }
    return new WebEndpointResponse<>(RateLimitInspection.state(limiter.inspect(rule, String.join("/", key))));
  }

  /** Resets one key under a rule. */
  @DeleteOperation
  public WebEndpointResponse<Map<String, Object>> reset(
      @Selector String rule, @Selector(match = Selector.Match.ALL_REMAINING) String[] key) {
    RateLimiter limiter = limiterFor(rule);
    if (limiter == null) {
      return unknownRule();
    }
    limiter.reset(rule, String.join("/", key));
    return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
  }

  private RateLimiter limiterFor(String rule) {
    RateLimiter limiter = rateLimits.limiter();
    return limiter != null && limiter.stats().rules().contains(rule) ? limiter : null;
  }

  private static WebEndpointResponse<Map<String, Object>> unknownRule() {
    Problem problem = RateLimitInspection.unknownRule();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    String requestId = RequestIds.current();
    if (requestId != null) {
      body.put("requestId", requestId);
    }
    return new WebEndpointResponse<>(body, problem.status(), PROBLEM);
  }
}
