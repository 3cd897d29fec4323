package dev.bulwark.events;

import java.util.Locale;

/**
 * The kinds of security event every Bulwark capability reports into one counter family, so one
 * dashboard shows what the protections are doing.
 */
public enum SecurityEvent {
  /** A request refused because its Host is not on the allow-list. */
  HOST_REJECTED,
  /** A browser's unsafe cross-site request refused. */
  CROSS_SITE_BLOCKED,
  /** A CORS preflight refused. */
  CORS_REJECTED,
  /** A CSP violation report received. */
  CSP_VIOLATION,
  /** Forwarded headers from a peer that is not a trusted proxy, ignored. */
  UNTRUSTED_FORWARDED,
  /** A request refused for breaking a request limit or sending invalid input (4xx). */
  INVALID_INPUT,
  /** A request refused by a rate limit (429). */
  RATE_LIMITED,
  /** A request a shadow-mode rule would have refused. */
  RATE_LIMITED_SHADOW,
  /** A request from a blocklisted address refused (403). */
  ADDRESS_BLOCKED,
  /**
   * A request refused by an authorisation decision: the caller may not act on the resource (403,
   * or 404 where the caller may not learn that it exists).
   */
  AUTHORIZATION_DENIED,
  /** A rate-limit decision taken by a rule's failure policy because the shared store was down. */
  STORE_FALLBACK,
  /** An unexpected exception turned into a safe 500 answer. */
  INTERNAL_ERROR,
  /**
   * A refusal or redirect let through because Bulwark only observes ({@code bulwark.mode=observe});
   * the adoption report says which protection, rule and route.
   */
  WOULD_REFUSE;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** Returns the value used in the {@code event} tag of the {@code bulwark.security.events} meter. */
  public String tag() {
    return tag;
  }
}
