package dev.bulwark.ratelimit;

import dev.bulwark.net.Cidr;
import java.time.Duration;
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
 * @param maxConcurrentRequests the most requests one client (address) may have in progress on
 *     this instance at once; 429 beyond it. Rate limits bound requests over time, not the request
 *     threads a client holds: one address trickling bodies to 230 connections held every Tomcat
 *     thread, probes included. Health paths are exempt; default 64
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
    List<String> inspectTrustedAddresses,
    Integer maxConcurrentRequests) {

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
    maxConcurrentRequests = maxConcurrentRequests == null ? 64 : maxConcurrentRequests;
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("max-concurrent-requests must be at least 1");
    }
    long distinct = rules.stream().map(RateLimitRule::name).distinct().count();
    if (distinct != rules.size()) {
      throw new IllegalArgumentException("rule names must be unique");
    }
  }

  /** The defaults: off, and the default rules once turned on. */
  public static RateLimitConfig defaults() {
    return builder().build();
  }

  /**
   * Where applications keep static files, by the usual directories (Spring Boot serves {@code
   * classpath:/static/} and its siblings at the root, so a file's URL starts with its directory
   * there: {@code /css/site.css}), plus the two files browsers fetch by themselves. By directory,
   * never by file extension: an application endpoint such as {@code /api/notes/{id}} answers {@code
   * /api/notes/x.css} too, and a client must not move it into the static bucket by its choice of
   * name.
   */
  public static final List<String> STATIC_PATHS =
      List.of(
          "/css/**", "/js/**", "/images/**", "/img/**", "/fonts/**", "/webjars/**", "/static/**",
          "/assets/**", "/resources/**", "/favicon.ico", "/robots.txt");

  /**
   * The rules used when none are configured, all keyed by client address: a generous limit on
   * everything but static files ({@code global}: bursts of 100, 3,000 a minute); a more generous
   * one on static files ({@code static}: {@link #STATIC_PATHS}, bursts of 300, 6,000 a minute),
   * so that one page view costs one {@code global} token however many stylesheets, scripts and
   * images it loads, while a client fetching files in a loop is still bounded; a strict one on sign-in endpoints
   * ({@code login}: 5 a minute, 30 an hour, for POST to /login, /signin, /api/login, /auth/**,
   * /api/auth/** and /oauth/token); and a penalty box for failed credentials ({@code
   * auth-failures}: only 401 answers to requests that presented credentials count, and sign-ins
   * the application reports as failed; 10 a minute at most, and 20 within 10 minutes block the
   * address for 15 minutes).
   */
  public static List<RateLimitRule> defaultRules() {
    return List.of(
        RateLimitRule.builder("global")
            .paths(globalPaths())
            .limits("100/1s", "3000/1m")
            .key("ip")
            .build(),
        RateLimitRule.builder("static")
            .paths(STATIC_PATHS.toArray(String[]::new))
            .limits("300/1s", "6000/1m")
            .key("ip")
            .build(),
        RateLimitRule.builder("login")
            .paths("/login", "/signin", "/api/login", "/auth/**", "/api/auth/**", "/oauth/token")
            .methods("POST")
            .limits("5/1m", "30/1h")
            .key("ip")
            .build(),
        RateLimitRule.builder("auth-failures")
            .limits("10/1m")
            .key("ip")
            .countStatuses(401)
            .penalty(new Penalty(20, Duration.ofMinutes(10), Duration.ofMinutes(15)))
            .countedRequests(CountedRequests.WITH_CREDENTIALS)
            .build());
  }

  /** {@code /**} without the static paths, which the {@code static} rule bounds (every method). */
  private static String[] globalPaths() {
    List<String> paths = new java.util.ArrayList<>();
    paths.add("/**");
    STATIC_PATHS.forEach(path -> paths.add("!" + path));
    return paths.toArray(String[]::new);
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(RateLimitConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link RateLimitConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private StoreType store;
    private Integer maxKeys;
    private RedisStoreConfig redis;
    private List<String> safelist;
    private List<String> blocklist;
    private Boolean responseHeaders;
    private Boolean legacyHeaders;
    private List<RateLimitRule> rules;
    private String inspectPath;
    private List<String> inspectTrustedAddresses;
    private Integer maxConcurrentRequests;

    private Builder() {}

    private Builder(RateLimitConfig base) {
      enabled = base.enabled();
      store = base.store();
      maxKeys = base.maxKeys();
      redis = base.redis();
      safelist = base.safelist();
      blocklist = base.blocklist();
      responseHeaders = base.responseHeaders();
      legacyHeaders = base.legacyHeaders();
      rules = base.rules();
      inspectPath = base.inspectPath();
      inspectTrustedAddresses = base.inspectTrustedAddresses();
      maxConcurrentRequests = base.maxConcurrentRequests();
    }

    /** Whether rate limiting is on; default {@code false}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Where buckets live: {@code local} (in this JVM, bounded) or {@code redis} (shared by every instance);
     * default {@code local}.
     */
    public Builder store(StoreType store) {
      this.store = store;
      return this;
    }

    /**
     * The most clients tracked per rule in the local store (and in the local fallback); the least valuable
     * are evicted beyond it; default 100,000.
     */
    public Builder maxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
      return this;
    }

    /** The Redis store's settings; default {@link RedisStoreConfig#defaults()}. */
    public Builder redis(RedisStoreConfig redis) {
      this.redis = redis;
      return this;
    }

    /** CIDR ranges never rate-limited (health checkers, your office); default none. */
    public Builder safelist(String... safelist) {
      this.safelist = List.of(safelist);
      return this;
    }

    /** CIDR ranges always refused with 403; default none. */
    public Builder blocklist(String... blocklist) {
      this.blocklist = List.of(blocklist);
      return this;
    }

    /**
     * Whether allowed responses carry the {@code RateLimit-Policy} and {@code RateLimit} fields; default
     * {@code true} (429 answers always carry them).
     */
    public Builder responseHeaders(boolean responseHeaders) {
      this.responseHeaders = responseHeaders;
      return this;
    }

    /**
     * Whether to add {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} for old clients;
     * default {@code false}.
     */
    public Builder legacyHeaders(boolean legacyHeaders) {
      this.legacyHeaders = legacyHeaders;
      return this;
    }

    /**
     * The rules; every rule that matches a request must allow it. Default: {@link
     * RateLimitConfig#defaultRules()}.
     */
    public Builder rules(RateLimitRule... rules) {
      this.rules = List.of(rules);
      return this;
    }

    /**
     * Where plain servlet applications serve rate-limit inspection and resets; default {@code
     * /bulwark/rate-limit} (Spring applications use Actuator's {@code bulwarkratelimit}).
     */
    public Builder inspectPath(String inspectPath) {
      this.inspectPath = inspectPath;
      return this;
    }

    /** CIDR ranges that may inspect and reset buckets at the inspect path; default loopback only. */
    public Builder inspectTrustedAddresses(String... inspectTrustedAddresses) {
      this.inspectTrustedAddresses = List.of(inspectTrustedAddresses);
      return this;
    }

    /**
     * The most requests one client (address) may have in progress on this instance at once; 429
     * beyond it; default 64.
     */
    public Builder maxConcurrentRequests(int maxConcurrentRequests) {
      this.maxConcurrentRequests = maxConcurrentRequests;
      return this;
    }

    /**
     * Returns the RateLimitConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public RateLimitConfig build() {
      return new RateLimitConfig(
          enabled, store, maxKeys, redis, safelist, blocklist, responseHeaders, legacyHeaders, rules, inspectPath,
          inspectTrustedAddresses, maxConcurrentRequests);
    }
  }
}
