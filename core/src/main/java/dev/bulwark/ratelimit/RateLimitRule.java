package dev.bulwark.ratelimit;

import dev.bulwark.path.PathPattern;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One rate-limit rule ({@code bulwark.rate-limit.rules[n].*}).
 *
 * @param name the rule's name, used in metrics, logs and the RateLimit fields; required
 * @param paths path patterns the rule applies to; one starting with {@code !} excludes ({@code
 *     /**, !/css/**}); default {@code /**}
 * @param methods HTTP methods it applies to; default all
 * @param limits one or more bandwidths such as {@code 10/1s} (burst) and {@code 1000/1h}
 *     (sustained), each with its own period; required
 * @param cost tokens one request costs; default 1
 * @param key what identifies a client: {@code ip}, {@code principal}, {@code header:X-Api-Key}, or
 *     a fallback chain such as {@code principal,header:X-Api-Key,ip} (the first that resolves
 *     wins). A request whose key resolves to nothing is refused (400) rather than put in a shared
 *     bucket; chains that end in {@code ip} always resolve. Default {@code ip}
 * @param countStatuses if set, only responses with these statuses consume tokens (for example 401
 *     on a login path); the check before the request still refuses an empty bucket
 * @param penalty the penalty box; default none
 * @param shadow report would-be rejections in headers, logs and metrics without rejecting;
 *     default {@code false}
 * @param onStoreFailure what to do when the shared store does not answer; default {@code
 *     local-fallback}
 * @param countedRequests with {@code count-statuses}, which requests may count: {@code all}, or
 *     {@code with-credentials} (failed credentials only; see {@link CountedRequests}); default
 *     {@code all}. A counted request takes its tokens before it runs and gives them back when its
 *     status is not counted, so concurrent requests never get past the limit.
 */
public record RateLimitRule(
    String name,
    List<String> paths,
    List<String> methods,
    List<String> limits,
    Integer cost,
    String key,
    List<Integer> countStatuses,
    Penalty penalty,
    Boolean shadow,
    FailurePolicy onStoreFailure,
    CountedRequests countedRequests) {


  /** Applies defaults and checks every part, so a bad rule stops start-up. */
  public RateLimitRule {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException(
          "name is required: 1 to 64 letters, digits, '.', '_' or '-' (it appears in metrics)");
    }
    paths = paths == null || paths.isEmpty() ? List.of("/**") : List.copyOf(paths);
    methods =
        methods == null ? List.of() : methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
    if (limits == null || limits.isEmpty()) {
      throw new IllegalArgumentException("limits is required, for example 10/1s,1000/1h");
    }
    limits = List.copyOf(limits);
    List<Limit> parsed = Limit.parseAll(limits);
    for (int i = 0; i < parsed.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (parsed.get(i).period().equals(parsed.get(j).period())) {
          // The smaller one alone decides, and both would get one id in the RateLimit-Policy field.
          throw new IllegalArgumentException(
              "limits " + parsed.get(j) + " and " + parsed.get(i) + " have the same period; keep the smaller one");
        }
      }
    }
    cost = cost == null ? 1 : cost;
    if (cost < 1) {
      throw new IllegalArgumentException("cost must be at least 1");
    }
    key = key == null || key.isBlank() ? "ip" : key.trim();
    KeySpec.parse(key);
    countStatuses = countStatuses == null ? List.of() : List.copyOf(countStatuses);
    for (int status : countStatuses) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("count-statuses must be HTTP status codes");
      }
    }
    penalty = penalty == null ? Penalty.none() : penalty;
    shadow = shadow != null && shadow;
    onStoreFailure = onStoreFailure == null ? FailurePolicy.LOCAL_FALLBACK : onStoreFailure;
    countedRequests = countedRequests == null ? CountedRequests.ALL : countedRequests;
    boolean includes = false;
    for (String pattern : paths) {
      includes |= !PathPattern.of(pattern).excludes();
    }
    if (!includes) {
      throw new IllegalArgumentException("paths needs a pattern that is not an exclusion ('!'), such as /**");
    }
  }

  /** Returns the parsed limits. */
  public List<Limit> parsedLimits() {
    return Limit.parseAll(limits);
  }

  /**
   * Returns a builder for a RateLimitRule with this name; every other setting starts at its default.
   *
   * @param name the rule's name, used in metrics, logs and the RateLimit fields; required
   */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(RateLimitRule base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link RateLimitRule} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private String name;
    private List<String> paths;
    private List<String> methods;
    private List<String> limits;
    private Integer cost;
    private String key;
    private List<Integer> countStatuses;
    private Penalty penalty;
    private Boolean shadow;
    private FailurePolicy onStoreFailure;
    private CountedRequests countedRequests;

    private Builder() {}

    private Builder(RateLimitRule base) {
      name = base.name();
      paths = base.paths();
      methods = base.methods();
      limits = base.limits();
      cost = base.cost();
      key = base.key();
      countStatuses = base.countStatuses();
      penalty = base.penalty();
      shadow = base.shadow();
      onStoreFailure = base.onStoreFailure();
      countedRequests = base.countedRequests();
    }

    /** The rule's name, used in metrics, logs and the RateLimit fields; required. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Path patterns the rule applies to; one starting with {@code !} excludes ({@code /**,
     * !/css/**}); default {@code /**}.
     */
    public Builder paths(String... paths) {
      this.paths = List.of(paths);
      return this;
    }

    /** HTTP methods it applies to; default all. */
    public Builder methods(String... methods) {
      this.methods = List.of(methods);
      return this;
    }

    /**
     * One or more bandwidths such as {@code 10/1s} (burst) and {@code 1000/1h} (sustained), each with its own
     * period; required.
     */
    public Builder limits(String... limits) {
      this.limits = List.of(limits);
      return this;
    }

    /** Tokens one request costs; default 1. */
    public Builder cost(int cost) {
      this.cost = cost;
      return this;
    }

    /**
     * What identifies a client: {@code ip}, {@code principal}, {@code header:X-Api-Key}, or a fallback chain
     * such as {@code principal,header:X-Api-Key,ip} (the first that resolves wins). A request whose key
     * resolves to nothing is refused (400) rather than put in a shared bucket; chains that end in {@code ip}
     * always resolve. Default {@code ip}.
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * If set, only responses with these statuses consume tokens (for example 401 on a login path); the check
     * before the request still refuses an empty bucket. Default none: every response counts.
     */
    public Builder countStatuses(int... countStatuses) {
      this.countStatuses = Arrays.stream(countStatuses).boxed().toList();
      return this;
    }

    /** The penalty box; default none. */
    public Builder penalty(Penalty penalty) {
      this.penalty = penalty;
      return this;
    }

    /** Report would-be rejections in headers, logs and metrics without rejecting; default {@code false}. */
    public Builder shadow(boolean shadow) {
      this.shadow = shadow;
      return this;
    }

    /** What to do when the shared store does not answer; default {@code local-fallback}. */
    public Builder onStoreFailure(FailurePolicy onStoreFailure) {
      this.onStoreFailure = onStoreFailure;
      return this;
    }

    /**
     * With {@code count-statuses}, which requests may count: {@code all}, or {@code with-credentials} (failed
     * credentials only; see {@link CountedRequests}); default {@code all}. A counted request takes its tokens
     * before it runs and gives them back when its status is not counted, so concurrent requests never get
     * past the limit.
     */
    public Builder countedRequests(CountedRequests countedRequests) {
      this.countedRequests = countedRequests;
      return this;
    }

    /**
     * Returns the RateLimitRule.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public RateLimitRule build() {
      return new RateLimitRule(
          name, paths, methods, limits, cost, key, countStatuses, penalty, shadow, onStoreFailure, countedRequests);
    }
  }
}
