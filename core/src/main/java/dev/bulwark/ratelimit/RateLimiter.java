package dev.bulwark.ratelimit;

import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.ratelimit.internal.Consumption;
import dev.bulwark.ratelimit.internal.LocalStore;
import dev.bulwark.ratelimit.internal.RateLimitStore;
import dev.bulwark.ratelimit.internal.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limiting for anything, not only HTTP: rules are compiled once, decisions are thread-safe.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.compile(config);
 * RateLimitDecision decision = limiter.tryConsume("exports", tenantId);
 * if (decision.refused()) { ... retry after decision.retryAfterSeconds() ... }
 * }</pre>
 *
 * <p>With the Redis store, a decision waits at most the configured timeout; when Redis fails or
 * is slow, the circuit breaker opens so an outage costs one timeout, and each rule's {@link
 * FailurePolicy} decides meanwhile. Every such decision is counted in {@link #stats()}.
 */
public final class RateLimiter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private volatile Map<String, CompiledRule> rules;
  private volatile List<CompiledRule> ruleList;
  private final RateLimitStore store;
  private final LocalStore fallback;
  private final RateLimitStats stats;
  private final dev.bulwark.internal.LogThrottle failureLog = dev.bulwark.internal.LogThrottle.tenPerMinute();
  private volatile StoreLatency latency;

  /** Receives how long each store call took. */
  @FunctionalInterface
  public interface StoreLatency {
    /** Records one call's duration. */
    void record(long amount, java.util.concurrent.TimeUnit unit);
  }

  private RateLimiter(List<RateLimitRule> rules, RateLimitStore store, LocalStore fallback) {
    Map<String, CompiledRule> compiled = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (RateLimitRule rule : rules) {
      CompiledRule compiledRule = new CompiledRule(rule, compiled.size());
      compiled.put(rule.name(), compiledRule);
      names.add(rule.name());
    }
    this.rules = Collections.unmodifiableMap(compiled);
    this.ruleList = List.copyOf(compiled.values());
    this.store = store;
    this.fallback = fallback;
    this.stats = new RateLimitStats(names);
  }

  /**
   * Adds rules over the same store (handlers' own rules, found once the application's handlers
   * are known). Called at start-up, before they are used.
   *
   * @throws IllegalArgumentException if a name is taken
   */
  synchronized void addRules(List<RateLimitRule> added) {
    Map<String, CompiledRule> compiled = new LinkedHashMap<>(rules);
    List<String> names = new ArrayList<>();
    for (RateLimitRule rule : added) {
      if (compiled.containsKey(rule.name())) {
        throw new IllegalArgumentException("a rate-limit rule named '" + rule.name() + "' exists already");
      }
      compiled.put(rule.name(), new CompiledRule(rule, compiled.size()));
      names.add(rule.name());
    }
    stats.add(names);
    this.ruleList = List.copyOf(compiled.values());
    this.rules = Collections.unmodifiableMap(compiled);
  }

  /**
   * Compiles the configured rules into a limiter over the configured store. The Redis store connects
   * lazily and is only loaded when configured, so its libraries are optional otherwise; {@link #close()}
   * releases it.
   */
  public static RateLimiter compile(RateLimitConfig config) {
    LocalStore local = new LocalStore(config.maxKeys());
    if (config.store() == RateLimitConfig.StoreType.REDIS) {
      RateLimitStore redis = RedisStoreLoader.load(config.redis());
      return new RateLimiter(config.rules(), redis, local);
    }
    return new RateLimiter(config.rules(), local, local);
  }

  /** Compiles rules into a limiter over a given store, for tests and embedding. */
  static RateLimiter compile(List<RateLimitRule> rules, RateLimitStore store, int maxKeys) {
    return new RateLimiter(rules, store, new LocalStore(maxKeys));
  }

  /** Returns the compiled rules, in configuration order. */
  List<CompiledRule> rules() {
    return ruleList;
  }

  /** Returns the counters. */
  public RateLimitStats stats() {
    return stats;
  }

  /** Sets where store call durations go, such as a Micrometer timer. */
  public void onStoreLatency(StoreLatency latency) {
    this.latency = latency;
  }

  /** Returns whether the shared store's circuit breaker is open (always false for the local store). */
  public boolean storeBreakerOpen() {
    return store instanceof dev.bulwark.ratelimit.internal.RedisStore redis && !"CLOSED".equals(redis.breakerState());
  }

  /**
   * Returns why the shared store cannot be counted on now, or empty while it can (always empty for
   * the local store). Makes no round trip, so meters may read it on every scrape: with Redis, it
   * reports a lost connection, a breaker that is not closed, a call that has waited longer than
   * {@code redis.health-timeout} with no answer meanwhile, and a call or health check that ran out
   * of its deadline with no answer since.
   */
  public java.util.Optional<String> storeProblem() {
    if (store instanceof dev.bulwark.ratelimit.internal.RedisStore redis) {
      return redis.problem();
    }
    return java.util.Optional.empty();
  }

  /**
   * Checks the shared store: returns the PING round trip in nanoseconds, or throws when the store
   * is not connected or PING does not answer within {@code redis.health-timeout} (not the decision
   * timeout, so a hang shows in health well before decisions give up on it). It PINGs while the
   * circuit breaker is open too, and an answer closes the breaker, so health checks alone bring
   * decisions back to Redis after an outage. The local store always answers 0.
   */
  public long checkStore() {
    if (store instanceof dev.bulwark.ratelimit.internal.RedisStore redis) {
      return redis.ping();
    }
    return 0;
  }

  /**
   * Returns how many clients the local store tracks for a rule now (approximate, after pending
   * evictions): with the local store, its buckets; with Redis, the local fallback's. Never more
   * than {@code max-keys}, whatever the number of distinct clients.
   */
  public long localKeys(String rule) {
    LocalStore local = store instanceof LocalStore primary ? primary : fallback;
    return local.size(rule(rule).bucket().name());
  }

  /** Returns the kind of the primary store: {@code local} or {@code redis}. */
  public String storeKind() {
    return store.kind();
  }

  /** Takes the rule's cost for a key. */
  public RateLimitDecision tryConsume(String rule, String key) {
    CompiledRule compiled = rule(rule);
    return tryConsume(compiled, key, compiled.cost());
  }

  /** Takes a number of tokens for a key. */
  public RateLimitDecision tryConsume(String rule, String key, long tokens) {
    return tryConsume(rule(rule), key, tokens);
  }

  /**
   * Takes tokens for a key. For rules that count only some responses, this checks without taking;
   * {@link #recordCounted} takes the tokens once the response is known.
   */
  RateLimitDecision tryConsume(CompiledRule rule, String key, long tokens) {
    if (rule.countsResponses()) {
      return check(rule, key, tokens);
    }
    return take(rule, key, tokens, true);
  }

  /**
   * Checks the key's penalty block, then takes the tokens; a refusal feeds the penalty box when
   * {@code penaliseRefusal} (a rule that counts every request), not for a reservation.
   */
  private RateLimitDecision take(CompiledRule rule, String key, long tokens, boolean penaliseRefusal) {
    long blocked = rule.penalty().enabled() ? blockedNanos(rule, key) : 0;
    if (blocked > 0) {
      return record(rule, blockedDecision(rule, blocked));
    }
    boolean degraded = false;
    Consumption consumption;
    StoreLatency timer = latency;
    long start = timer == null ? 0 : System.nanoTime();
    try {
      consumption = store.tryConsume(rule.bucket(), key, tokens);
      storeAnswered(timer, start);
    } catch (StoreUnavailableException e) {
      degraded = true;
      consumption = onStoreFailure(rule, key, tokens, e);
    }
    if (penaliseRefusal && !consumption.allowed() && rule.penalty().enabled()) {
      penalise(rule, key);
    }
    return decide(rule, consumption, degraded);
  }


  /**
   * A rule that counts only some responses checks its block and estimates, without taking: one
   * store call, which the Redis store answers with one command for a client it has no bucket for.
   */
  private RateLimitDecision check(CompiledRule rule, String key, long tokens) {
    boolean degraded = false;
    Consumption consumption;
    StoreLatency timer = latency;
    long start = timer == null ? 0 : System.nanoTime();
    try {
      RateLimitStore.Check check = store.blockedOrEstimate(rule.penalty().enabled() ? rule.name() : null, rule.bucket(), key, tokens);
      storeAnswered(timer, start);
      if (check.blockedNanos() > 0) {
        return record(rule, blockedDecision(rule, check.blockedNanos()));
      }
      consumption = check.estimate();
    } catch (StoreUnavailableException e) {
      long blocked = rule.penalty().enabled() ? fallback.blockedNanos(rule.name(), key) : 0;
      if (blocked > 0) {
        stats.storeError();
        return record(rule, blockedDecision(rule, blocked));
      }
      degraded = true;
      consumption = onStoreFailure(rule, key, tokens, e);
    }
    return decide(rule, consumption, degraded);
  }

  /** Times a store call that answered, when a meter listens (no clock read otherwise). */
  private static void storeAnswered(StoreLatency timer, long start) {
    if (timer != null) {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private static RateLimitDecision blockedDecision(CompiledRule rule, long blockedNanos) {
    long seconds = seconds(blockedNanos);
    return new RateLimitDecision(rule.name(), RateLimitDecision.Outcome.BLOCKED, 0, seconds, seconds, false, rule.policyId(-1));
  }

  private RateLimitDecision decide(CompiledRule rule, Consumption consumption, boolean degraded) {
    RateLimitDecision.Outcome outcome;
    if (consumption.allowed()) {
      outcome = RateLimitDecision.Outcome.ALLOWED;
    } else if (degraded && rule.onStoreFailure() == FailurePolicy.FAIL_CLOSED) {
      outcome = rule.shadow() ? RateLimitDecision.Outcome.SHADOW_REJECTED : RateLimitDecision.Outcome.UNAVAILABLE;
    } else {
      outcome = rule.shadow() ? RateLimitDecision.Outcome.SHADOW_REJECTED : RateLimitDecision.Outcome.REJECTED;
    }
    long retry = consumption.allowed() ? 0 : seconds(consumption.nanosToWait());
    long remaining = consumption.allowed() ? consumption.remaining() : 0;
    long reset;
    if (retry > 0) {
      reset = retry;
    } else if (consumption.resetNanos() >= 0) {
      reset = (consumption.resetNanos() + 999_999_999L) / 1_000_000_000L;
    } else {
      reset = resetSeconds(rule, remaining, retry);
    }
    return record(
        rule, new RateLimitDecision(rule.name(), outcome, remaining, retry, reset, degraded, rule.policyId(consumption.bandwidth())));
  }

  /**
   * For a rule that counts only some responses: checks the key's penalty block and takes the
   * tokens now, before the request runs, so that concurrent requests can never get past the limit
   * (check first and count afterwards let 13 to 21 of 80 concurrent wrong passwords through a
   * limit of 10). Hand the tokens back with {@link #release} when the response is not counted, or
   * keep them with {@link #recordCounted}{@code (rule, key, true)} when it is. A refused
   * reservation is not a failure and does not feed the penalty box.
   */
  RateLimitDecision reserve(CompiledRule rule, String key, long tokens) {
    return take(rule, key, tokens, false);
  }


  /**
   * Checks only a key's penalty block: for a counted rule and a request that cannot be counted
   * (one that presents no credentials), there is nothing to reserve.
   */
  RateLimitDecision checkBlock(CompiledRule rule, String key) {
    long blocked = rule.penalty().enabled() ? blockedNanos(rule, key) : 0;
    if (blocked > 0) {
      return record(rule, blockedDecision(rule, blocked));
    }
    return new RateLimitDecision(rule.name(), RateLimitDecision.Outcome.ALLOWED, rule.smallestCapacity(), 0, 0, false, rule.policyId(-1));
  }

  /** Gives back tokens {@link #reserve} took, for a response the rule does not count. */
  void release(CompiledRule rule, String key, long tokens) {
    try {
      store.addTokens(rule.bucket(), key, tokens);
    } catch (StoreUnavailableException e) {
      stats.storeError();
      if (rule.onStoreFailure() == FailurePolicy.LOCAL_FALLBACK) {
        fallback.addTokens(rule.bucket(), key, tokens);
      }
    }
  }

  /**
   * Records a counted response (one of the rule's {@code count-statuses}): takes its cost and, with
   * a penalty box, counts a failure towards the block.
   */
  void recordCounted(CompiledRule rule, String key) {
    recordCounted(rule, key, false);
  }

  /**
   * Records a counted response: takes its cost unless {@link #reserve} already took it, and, with a
   * penalty box, counts a failure towards the block.
   */
  void recordCounted(CompiledRule rule, String key, boolean reserved) {
    if (!reserved) {
      try {
        store.tryConsume(rule.bucket(), key, rule.cost());
      } catch (StoreUnavailableException e) {
        stats.storeError();
        if (rule.onStoreFailure() == FailurePolicy.LOCAL_FALLBACK) {
          fallback.tryConsume(rule.bucket(), key, rule.cost());
        }
      }
    }
    if (rule.penalty().enabled()) {
      penalise(rule, key);
    }
  }

  /** Forgets a key's bucket and penalty block, for support staff who unblock a user. */
  public void reset(String rule, String key) {
    CompiledRule compiled = rule(rule);
    store.reset(compiled.bucket(), key);
    if (compiled.penaltyBucket() != null) {
      store.reset(compiled.penaltyBucket(), key);
    }
    if (fallback != store) {
      fallback.reset(compiled.bucket(), key);
    }
  }

  /** Reports a key's state without taking tokens. */
  public RateLimitDecision inspect(String rule, String key) {
    CompiledRule compiled = rule(rule);
    long blocked = compiled.penalty().enabled() ? blockedNanos(compiled, key) : 0;
    if (blocked > 0) {
      return new RateLimitDecision(rule, RateLimitDecision.Outcome.BLOCKED, 0, seconds(blocked), seconds(blocked), false);
    }
    Consumption consumption = store.estimate(compiled.bucket(), key, compiled.cost());
    long retry = consumption.allowed() ? 0 : seconds(consumption.nanosToWait());
    long reset =
        retry > 0
            ? retry
            : consumption.resetNanos() >= 0
                ? (consumption.resetNanos() + 999_999_999L) / 1_000_000_000L
                : resetSeconds(compiled, consumption.remaining(), retry);
    return new RateLimitDecision(
        rule,
        consumption.allowed() ? RateLimitDecision.Outcome.ALLOWED : RateLimitDecision.Outcome.REJECTED,
        consumption.remaining(),
        retry,
        reset,
        false,
        compiled.policyId(consumption.bandwidth()));
  }

  private void penalise(CompiledRule rule, String key) {
    try {
      Consumption failures = store.tryConsume(rule.penaltyBucket(), key, 1);
      if (!failures.allowed()) {
        store.block(rule.name(), key, rule.penalty().block());
        LOG.warn("Rate limit rule '{}' blocked a client for {} after repeated failures", rule.name(), rule.penalty().block());
      }
    } catch (StoreUnavailableException e) {
      stats.storeError();
      Consumption failures = fallback.tryConsume(rule.penaltyBucket(), key, 1);
      if (!failures.allowed()) {
        fallback.block(rule.name(), key, rule.penalty().block());
      }
    }
  }

  private long blockedNanos(CompiledRule rule, String key) {
    try {
      return store.blockedNanos(rule.name(), key);
    } catch (StoreUnavailableException e) {
      stats.storeError();
      return fallback.blockedNanos(rule.name(), key);
    }
  }

  private Consumption onStoreFailure(CompiledRule rule, String key, long tokens, StoreUnavailableException e) {
    stats.storeError();
    stats.fallback(rule.index());
    if (failureLog.tryAcquire()) {
      LOG.warn(
          "Rate-limit store unavailable ({}); rule '{}' decides by its failure policy {}{}",
          e.getMessage(),
          rule.name(),
          rule.onStoreFailure(),
          suppressedNote(failureLog.drainSuppressed()));
    }
    return switch (rule.onStoreFailure()) {
      case FAIL_OPEN -> new Consumption(true, 0, 0);
      case FAIL_CLOSED -> new Consumption(false, 0, 1_000_000_000L);
      case LOCAL_FALLBACK ->
          rule.countsResponses()
              ? fallback.estimate(rule.bucket(), key, tokens)
              : fallback.tryConsume(rule.bucket(), key, tokens);
    };
  }

  private static String suppressedNote(long suppressed) {
    return suppressed > 0 ? " (" + suppressed + " similar messages suppressed)" : "";
  }

  private RateLimitDecision record(CompiledRule rule, RateLimitDecision decision) {
    stats.record(rule.index(), decision.outcome());
    return decision;
  }

  CompiledRule rule(String name) {
    CompiledRule rule = rules.get(name);
    if (rule == null) {
      throw new IllegalArgumentException("no rate-limit rule named '" + name + "'");
    }
    return rule;
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  private static long resetSeconds(CompiledRule rule, long remaining, long retry) {
    if (retry > 0) {
      return retry;
    }
    long deficit = Math.max(0, rule.smallestCapacity() - remaining);
    return (deficit * rule.smallestWindowSeconds() + rule.smallestCapacity() - 1) / rule.smallestCapacity();
  }

  @Override
  public void close() {
    store.close();
  }
}
