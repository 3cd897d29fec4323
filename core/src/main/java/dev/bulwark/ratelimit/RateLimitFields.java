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

  /**
   * Returns the {@code RateLimit} field item for a decision: {@code "policy";r=remaining;t=seconds},
   * where the policy is the {@code RateLimit-Policy} item of the limiting bandwidth, which both
   * numbers describe.
   */
  public static String rateLimit(RateLimitDecision decision) {
    return '"' + decision.policy() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds();
  }

  /**
   * Returns the problem for a refused request; it names no key and no client. A store outage under
   * a fail-closed rule is a 503: the limiter, not the client, is the cause.
   */
  public static Problem quotaExceeded(RateLimitDecision decision) {
    long retry = decision.retryAfterSeconds();
    String seconds = retry == 1 ? "1 second" : retry + " seconds";
    if (decision.outcome() == RateLimitDecision.Outcome.UNAVAILABLE) {
      return new Problem(
          Problem.TYPE_PREFIX + "rate-limiter-unavailable",
          "Service Unavailable",
          503,
          "The rate limiter cannot decide right now, so the request was not accepted; retry after " + seconds + ".",
          Map.of("retryAfter", retry, "policy", decision.rule()));
    }
    String detail =
        decision.outcome() == RateLimitDecision.Outcome.BLOCKED
            ? "Too many failed requests; this client is blocked for " + seconds + "."
            : "Too many requests; retry after " + seconds + ".";
    return new Problem(
        QUOTA_EXCEEDED_TYPE,
        "Quota exceeded",
        429,
        detail,
        Map.of("retryAfter", retry, "policy", decision.rule()));
  }
}
