package dev.bulwark.ratelimit;

import dev.bulwark.internal.OptionalJar;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.ratelimit.internal.LocalStore;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.ratelimit.spi.StoreUnavailableException;
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
    requireLocalStore();
    LocalStore local = new LocalStore(config.maxKeys());
    if (config.store() == RateLimitConfig.StoreType.REDIS) {
      RateLimitStore redis = RedisStoreLoader.load(config);
      return new RateLimiter(config.rules(), redis, local);
    }
    return new RateLimiter(config.rules(), local, local);
  }

  /**
   * Compiles the configured rules into a limiter over a store of your own (see {@link
   * RateLimitStore}); {@code store} and {@code redis} in the configuration are then ignored. The
   * rules' {@code local-fallback} uses buckets in this JVM bounded by {@code max-keys}. {@link
   * #close()} closes the store.
   */
  public static RateLimiter compile(RateLimitConfig config, RateLimitStore store) {
    requireLocalStore();
    return new RateLimiter(config.rules(), store, new LocalStore(config.maxKeys()));
  }

  /** Compiles rules into a limiter over a given store, for tests and embedding. */
  static RateLimiter compile(List<RateLimitRule> rules, RateLimitStore store, int maxKeys) {
    requireLocalStore();
    return new RateLimiter(rules, store, new LocalStore(maxKeys));
  }

  /**
   * Every limiter keeps buckets in this JVM (the local store, or the fallback of a remote one), so
   * Bucket4j and Caffeine must be there before {@link LocalStore} is first loaded.
   */
  private static void requireLocalStore() {
    OptionalJar.require("bulwark.rate-limit.enabled", "rate limiting", OptionalJar.BUCKET4J, OptionalJar.CAFFEINE);
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
    return store.breakerOpen();
  }

  /**
   * Returns why the shared store cannot be counted on now, or empty while it can (always empty for
   * the local store). Makes no round trip, so meters may read it on every scrape: with Redis, it
   * reports a lost connection, a breaker that is not closed, a call that has waited longer than
   * {@code redis.health-timeout} with no answer meanwhile, and a call or health check that ran out
   * of its deadline with no answer since.
   */
  public java.util.Optional<String> storeProblem() {
    return store.problem();
  }

  /**
   * Checks the shared store: returns the PING round trip in nanoseconds, or throws when the store
   * is not connected or PING does not answer within {@code redis.health-timeout} (not the decision
   * timeout, so a hang shows in health well before decisions give up on it). It PINGs while the
   * circuit breaker is open too, and an answer closes the breaker, so health checks alone bring
   * decisions back to Redis after an outage. The local store always answers 0.
   */
  public long checkStore() {
    return store.check();
  }

  /**
   * Returns how many clients the local store tracks for a rule now (approximate, after pending
   * evictions): with the local store, its buckets; with Redis, the local fallback's. Never more
   * than {@code max-keys}, whatever the number of distinct clients.
   */
  public long localKeys(String rule) {
    LocalStore local = store instanceof LocalStore primary ? primary : fallback;
    return local.size(rule(rule).bucket());
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

  /** What a request asks of one rule. */
  enum Ask {
    /** Check the block, take the tokens; a refusal feeds the penalty box. */
    CONSUME,
    /** Check the block, estimate without taking (a rule that counts only some responses). */
    CHECK,
    /**
     * Check the block and take the tokens now, before the request runs, so that concurrent
     * requests can never get past the limit (check first and count afterwards let 13 to 21 of 80
     * concurrent wrong passwords through a limit of 10); a refused reservation is not a failure.
     */
    RESERVE,
    /** Check only the penalty block (a request that cannot be counted has nothing to reserve). */
    CHECK_BLOCK
  }

  /**
   * Takes tokens for a key. For rules that count only some responses, this checks without taking;
   * {@link #recordCounted} takes the tokens once the response is known.
   */
  RateLimitDecision tryConsume(CompiledRule rule, String key, long tokens) {
    return decideOne(rule, key, tokens, rule.countsResponses() ? Ask.CHECK : Ask.CONSUME);
  }

  /**
   * For a rule that counts only some responses: checks the key's penalty block and takes the
   * tokens now (see {@link Ask#RESERVE}). Hand them back with {@link #release} when the response
   * is not counted, or keep them with {@link #recordCounted}{@code (rule, key, true)} when it is.
   */
  RateLimitDecision reserve(CompiledRule rule, String key, long tokens) {
    return decideOne(rule, key, tokens, Ask.RESERVE);
  }

  /**
   * Checks only a key's penalty block: for a counted rule and a request that cannot be counted
   * (one that presents no credentials), there is nothing to reserve.
   */
  RateLimitDecision checkBlock(CompiledRule rule, String key) {
    return decideOne(rule, key, 0, Ask.CHECK_BLOCK);
  }

  private RateLimitDecision decideOne(CompiledRule rule, String key, long tokens, Ask ask) {
    return decide(new CompiledRule[] {rule}, new String[] {key}, new long[] {tokens}, new Ask[] {ask}, 1).get(0);
  }

  /**
   * Decides the first {@code count} asks of a request together: with a shared store, in one call
   * (one round trip to Redis), atomically. The answers end at the first refusal that refuses the
   * request (a blocked key, or a refusal by a rule not in shadow mode): later rules are not asked
   * and take nothing, as if asked one by one.
   */
  List<RateLimitDecision> decide(CompiledRule[] rules, String[] keys, long[] tokens, Ask[] asks, int count) {
    List<Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Step step = step(rules[i], keys[i], tokens[i], asks[i]);
      if (step != null) {
        steps.add(step);
      }
    }
    List<Answer> answers;
    if (steps.isEmpty()) {
      answers = List.of();
    } else {
      StoreLatency timer = latency;
      long start = timer == null ? 0 : System.nanoTime();
      try {
        answers = store.decide(steps);
        storeAnswered(timer, start);
      } catch (StoreUnavailableException e) {
        return degraded(rules, keys, tokens, asks, count, e);
      }
    }
    List<RateLimitDecision> decisions = new ArrayList<>(count);
    int next = 0;
    for (int i = 0; i < count; i++) {
      CompiledRule rule = rules[i];
      if (asks[i] == Ask.CHECK_BLOCK && rule.penaltyBox() == null) {
        decisions.add(notBlocked(rule));
        continue;
      }
      if (next == answers.size()) {
        break;
      }
      Answer answer = answers.get(next++);
      if (answer.blockedNow()) {
        logBlock(rule);
      }
      RateLimitDecision decision =
          answer.status() == Answer.Status.BLOCKED
              ? record(rule, blockedDecision(rule, answer.nanosToWait()))
              : asks[i] == Ask.CHECK_BLOCK ? notBlocked(rule) : decide(rule, answer, false);
      decisions.add(decision);
      if (decision.refused()) {
        break;
      }
    }
    return decisions;
  }

  private static Step step(CompiledRule rule, String key, long tokens, Ask ask) {
    Step.PenaltyBox box = rule.penaltyBox();
    return switch (ask) {
      case CONSUME -> new Step(Step.Kind.TAKE, rule.bucket(), key, tokens, box, true, !rule.shadow());
      case RESERVE -> new Step(Step.Kind.TAKE, rule.bucket(), key, tokens, box, false, !rule.shadow());
      case CHECK -> new Step(Step.Kind.ESTIMATE, rule.bucket(), key, tokens, box, false, !rule.shadow());
      case CHECK_BLOCK -> box == null ? null : new Step(Step.Kind.CHECK_BLOCK, rule.bucket(), key, 0, box, false, true);
    };
  }

  private RateLimitDecision notBlocked(CompiledRule rule) {
    return new RateLimitDecision(rule.name(), RateLimitDecision.Outcome.ALLOWED, rule.smallestCapacity(), 0, 0, false, rule.policyId(-1));
  }

  /** The shared store did not answer: each rule's failure policy decides, one by one. */
  private List<RateLimitDecision> degraded(
      CompiledRule[] rules, String[] keys, long[] tokens, Ask[] asks, int count, StoreUnavailableException e) {
    List<RateLimitDecision> decisions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CompiledRule rule = rules[i];
      String key = keys[i];
      boolean penalty = rule.penaltyBox() != null;
      long blocked = penalty ? fallback.blockedNanos(rule.name(), key) : 0;
      if (penalty) {
        stats.storeError();
      }
      RateLimitDecision decision;
      if (blocked > 0) {
        decision = record(rule, blockedDecision(rule, blocked));
      } else if (asks[i] == Ask.CHECK_BLOCK) {
        decision = notBlocked(rule);
      } else {
        Answer answer = onStoreFailure(rule, key, tokens[i], asks[i] != Ask.CHECK && !rule.countsResponses(), e);
        if (asks[i] == Ask.CONSUME && !answer.allowed() && penalty) {
          penaliseLocally(rule, key);
        }
        decision = decide(rule, answer, true);
      }
      decisions.add(decision);
      if (decision.refused()) {
        break;
      }
    }
    return decisions;
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

  private RateLimitDecision decide(CompiledRule rule, Answer consumption, boolean degraded) {
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

  /** Gives back tokens {@link #reserve} took, for a response the rule does not count. */
  void release(CompiledRule rule, String key, long tokens) {
    settle(new CompiledRule[] {rule}, new String[] {key}, new boolean[] {false}, new boolean[] {true}, 1);
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
    settle(new CompiledRule[] {rule}, new String[] {key}, new boolean[] {true}, new boolean[] {reserved}, 1);
  }

  /**
   * Settles what a request's rules reserved, once its status is known, in one store call: a
   * counted response keeps the tokens reserved before it (or takes them) and counts a failure in
   * the penalty box; any other gives reserved tokens back.
   */
  void settle(CompiledRule[] rules, String[] keys, boolean[] counted, boolean[] reserved, int count) {
    List<Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CompiledRule rule = rules[i];
      if (counted[i]) {
        if (!reserved[i] || rule.penaltyBox() != null) {
          steps.add(new Step(Step.Kind.COUNT_FAILURE, rule.bucket(), keys[i], reserved[i] ? 0 : rule.cost(), rule.penaltyBox(), false, false));
        }
      } else if (reserved[i]) {
        steps.add(new Step(Step.Kind.GIVE_BACK, rule.bucket(), keys[i], rule.cost(), null, false, false));
      }
    }
    if (steps.isEmpty()) {
      return;
    }
    List<Answer> answers;
    try {
      answers = store.decide(steps);
    } catch (StoreUnavailableException e) {
      for (int i = 0; i < count; i++) {
        CompiledRule rule = rules[i];
        boolean local = rule.onStoreFailure() == FailurePolicy.LOCAL_FALLBACK;
        if (counted[i]) {
          if (!reserved[i]) {
            stats.storeError();
            if (local) {
              fallback.tryConsume(rule.bucket(), keys[i], rule.cost());
            }
          }
          if (rule.penaltyBox() != null) {
            stats.storeError();
            penaliseLocally(rule, keys[i]);
          }
        } else if (reserved[i]) {
          stats.storeError();
          if (local) {
            fallback.decide(new Step(Step.Kind.GIVE_BACK, rule.bucket(), keys[i], rule.cost(), null, false, false));
          }
        }
      }
      return;
    }
    int next = 0;
    for (int i = 0; i < count && next < answers.size(); i++) {
      if (counted[i] ? !reserved[i] || rules[i].penaltyBox() != null : reserved[i]) {
        if (answers.get(next++).blockedNow()) {
          logBlock(rules[i]);
        }
      }
    }
  }

  private void penaliseLocally(CompiledRule rule, String key) {
    fallback.decide(new Step(Step.Kind.COUNT_FAILURE, rule.bucket(), key, 0, rule.penaltyBox(), false, false));
  }

  private static void logBlock(CompiledRule rule) {
    LOG.warn("Rate limit rule '{}' blocked a client for {} after repeated failures", rule.name(), rule.penalty().block());
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
      if (compiled.penaltyBucket() != null) {
        fallback.reset(compiled.penaltyBucket(), key);
      }
    }
  }

  /** Reports a key's state without taking tokens. */
  public RateLimitDecision inspect(String rule, String key) {
    CompiledRule compiled = rule(rule);
    Answer consumption =
        store.decide(List.of(new Step(Step.Kind.ESTIMATE, compiled.bucket(), key, compiled.cost(), compiled.penaltyBox(), false, true))).get(0);
    if (consumption.status() == Answer.Status.BLOCKED) {
      long blocked = consumption.nanosToWait();
      return new RateLimitDecision(rule, RateLimitDecision.Outcome.BLOCKED, 0, seconds(blocked), seconds(blocked), false);
    }
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

  private Answer onStoreFailure(CompiledRule rule, String key, long tokens, boolean take, StoreUnavailableException e) {
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
      case FAIL_OPEN -> Answer.of(true, 0, 0);
      case FAIL_CLOSED -> Answer.of(false, 0, 1_000_000_000L);
      case LOCAL_FALLBACK -> take ? fallback.tryConsume(rule.bucket(), key, tokens) : fallback.estimate(rule.bucket(), key, tokens);
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
