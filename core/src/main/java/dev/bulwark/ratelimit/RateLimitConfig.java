package dev.bulwark.ratelimit;

import dev.bulwark.net.Cidr;
import java.util.List;

/**
 * Rate limiting ({@code bulwark.rate-limit.*}). Off by default: behind a proxy that is not listed
 * in {@code bulwark.client-ip.trusted-proxies} every client would share the proxy's address, so
 * turning it on is a deliberate step. Turned on with no rules, it applies {@link #defaultRules()}.
 *
 * @param enabled whether rate limiting is on; default {@code false}
 * @param store where buckets live: {@code local} (in this JVM, bounded) or {@code redis} (shared by
 *     every instance); default {@code local}
 * @param maxKeys the most clients tracked per rule in the local store (and in the local fallback);
 *     the least valuable are evicted beyond it; default 100,000
 * @param redis the Redis store's settings
 * @param safelist CIDR ranges never rate-limited (health checkers, your office); default none
 * @param blocklist CIDR ranges always refused with 403; default none
 * @param responseHeaders whether allowed responses carry the {@code RateLimit-Policy} and {@code
 *     RateLimit} fields; default {@code true} (429 answers always carry them)
 * @param legacyHeaders whether to add {@code X-RateLimit-Limit}, {@code -Remaining} and {@code
 *     -Reset} for old clients; default {@code false}
 * @param rules the rules; every rule that matches a request must allow it. Default: {@link
 *     #defaultRules()}
 * @param inspectPath where plain servlet applications serve rate-limit inspection and resets
 *     ({@code GET} and {@code DELETE} {@code <path>/<rule>/<key>}); Spring serves them as the
 *     Actuator endpoint {@code bulwarkratelimit}; default {@code /bulwark/rate-limit}
 * @param inspectTrustedAddresses CIDR ranges that may inspect and reset buckets at {@code
 *     inspectPath}; default loopback only
 */
public record RateLimitConfig(
    Boolean enabled,
    StoreType store,
    Integer maxKeys,
    RedisStoreConfig redis,
    List<String> safelist,
    List<String> blocklist,
    Boolean responseHeaders,
    Boolean legacyHeaders,
    List<RateLimitRule> rules,
    String inspectPath,
    List<String> inspectTrustedAddresses) {

  /** Where buckets live. */
  public enum StoreType {
    /** In this JVM. */
    LOCAL,
    /** In Redis, shared by every instance. */
    REDIS
  }

  /** Applies defaults and checks every range and rule. */
  public RateLimitConfig {
    enabled = enabled != null && enabled;
    store = store == null ? StoreType.LOCAL : store;
    maxKeys = maxKeys == null ? 100_000 : maxKeys;
    if (maxKeys < 100 || maxKeys > 50_000_000) {
      throw new IllegalArgumentException("max-keys must be between 100 and 50,000,000");
    }
    redis = redis == null ? RedisStoreConfig.defaults() : redis;
    safelist = safelist == null ? List.of() : List.copyOf(safelist);
    blocklist = blocklist == null ? List.of() : List.copyOf(blocklist);
    safelist.forEach(Cidr::of);
    blocklist.forEach(Cidr::of);
    responseHeaders = responseHeaders == null || responseHeaders;
    legacyHeaders = legacyHeaders != null && legacyHeaders;
    rules = rules == null || rules.isEmpty() ? defaultRules() : List.copyOf(rules);
    inspectPath = inspectPath == null || inspectPath.isBlank() ? "/bulwark/rate-limit" : inspectPath.trim();
    if (!inspectPath.matches("/[A-Za-z0-9/_.-]{1,100}") || inspectPath.endsWith("/")) {
      throw new IllegalArgumentException("inspect-path must be a path such as /bulwark/rate-limit");
    }
    inspectTrustedAddresses =
        inspectTrustedAddresses == null ? List.of("127.0.0.0/8", "::1") : List.copyOf(inspectTrustedAddresses);
    inspectTrustedAddresses.forEach(Cidr::of);
    long distinct = rules.stream().map(RateLimitRule::name).distinct().count();
    if (distinct != rules.size()) {
      throw new IllegalArgumentException("rule names must be unique");
    }
  }

  /** The defaults: off, and the default rules once turned on. */
  public static RateLimitConfig defaults() {
    return new RateLimitConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The rules used when none are configured, all keyed by client address: a generous limit on
   * everything ({@code global}: bursts of 100, 3,000 a minute); a strict one on sign-in endpoints
   * ({@code login}: 5 a minute, 30 an hour, for POST to /login, /signin, /api/login, /auth/**,
   * /api/auth/** and /oauth/token); and a penalty box for failed credentials ({@code
   * auth-failures}: only 401 answers to requests that presented credentials count, and sign-ins
   * the application reports as failed; 10 a minute at most, and 20 within 10 minutes block the
   * address for 15 minutes).
   */
  public static List<RateLimitRule> defaultRules() {
    return List.of(
        new RateLimitRule("global", null, null, List.of("100/1s", "3000/1m"), null, "ip", null, null, null, null, null),
        new RateLimitRule(
            "login",
            List.of("/login", "/signin", "/api/login", "/auth/**", "/api/auth/**", "/oauth/token"),
            List.of("POST"),
            List.of("5/1m", "30/1h"),
            null,
            "ip",
            null,
            null,
            null,
            null, null),
        new RateLimitRule(
            "auth-failures",
            null,
            null,
            List.of("10/1m"),
            null,
            "ip",
            List.of(401),
            new Penalty(20, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(15)),
            null,
            null,
            CountedRequests.WITH_CREDENTIALS));
  }
}
