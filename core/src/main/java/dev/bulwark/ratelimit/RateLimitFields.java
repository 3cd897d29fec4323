package dev.bulwark.ratelimit;

import dev.bulwark.problem.Problem;
import java.util.Map;

/**
 * The standard answers of rate limiting: the {@code RateLimit-Policy} and {@code RateLimit} fields
 * of draft-ietf-httpapi-ratelimit-headers-10 and its {@code quota-exceeded} problem type.
 */
public final class RateLimitFields {

  /** The problem type the draft registers for an exceeded quota. */
  public static final String QUOTA_EXCEEDED_TYPE = "https://iana.org/assignments/http-problem-types#quota-exceeded";

  private RateLimitFields() {}

  /** Returns the {@code RateLimit} field item for a decision: {@code "rule";r=remaining;t=seconds}. */
  public static String rateLimit(RateLimitDecision decision) {
    return '"' + decision.rule() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds();
  }

  /** Returns the problem for a refused request; it names no key and no client. */
  public static Problem quotaExceeded(RateLimitDecision decision) {
    String detail =
        decision.outcome() == RateLimitDecision.Outcome.BLOCKED
            ? "Too many failed requests; this client is blocked for " + decision.retryAfterSeconds() + " seconds."
            : "Too many requests; retry after " + decision.retryAfterSeconds() + " seconds.";
    return new Problem(
        QUOTA_EXCEEDED_TYPE,
        "Quota exceeded",
        429,
        detail,
        Map.of("retryAfter", decision.retryAfterSeconds(), "policy", decision.rule()));
  }
}
