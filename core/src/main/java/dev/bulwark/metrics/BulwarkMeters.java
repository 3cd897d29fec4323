package dev.bulwark.metrics;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitStats;
import dev.bulwark.ratelimit.RateLimiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Binds Bulwark's counters to Micrometer. Every meter reads counters that Bulwark keeps anyway
 * ({@link SecurityEvents}, {@link RateLimitStats}), so nothing is looked up or allocated per
 * request; tags are low-cardinality (event, rule, outcome), never an address, user or path.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>{@code bulwark.security.events}</td><td>counter</td><td>{@code event}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.decisions}</td><td>counter</td><td>{@code rule}, {@code outcome}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.fallbacks}</td><td>counter</td><td>{@code rule}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.store.errors}</td><td>counter</td><td>{@code store}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.store.latency}</td><td>timer</td><td>{@code store}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.store.breaker.open}</td><td>gauge (1 open, 0 closed)</td><td>{@code store}</td></tr>
 *   <tr><td>{@code bulwark.ratelimit.local.keys}</td><td>gauge</td><td>{@code rule}</td></tr>
 * </table>
 */
public final class BulwarkMeters implements MeterBinder {

  private final SecurityEvents events;
  private final RateLimiter limiter;

  /**
   * @param events the security event counters
   * @param limiter the rate limiter, or {@code null} when rate limiting is off
   */
  public BulwarkMeters(SecurityEvents events, RateLimiter limiter) {
    this.events = events;
    this.limiter = limiter;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (SecurityEvent event : SecurityEvent.values()) {
      FunctionCounter.builder("bulwark.security.events", events, e -> e.count(event))
          .description("Security events: requests refused or reported by Bulwark")
          .tag("event", event.tag())
          .register(registry);
    }
    if (limiter == null) {
      return;
    }
    bindRules(limiter, registry);
    RateLimitStats stats = limiter.stats();
    String store = limiter.storeKind();
    FunctionCounter.builder("bulwark.ratelimit.store.errors", stats, RateLimitStats::storeErrors)
        .description("Store calls that failed, timed out or met an open circuit breaker")
        .tag("store", store)
        .register(registry);
    Timer.Builder latencyBuilder =
        Timer.builder("bulwark.ratelimit.store.latency")
            .description("Time a rate-limit decision spent in the store")
            .tag("store", store);
    if (!"local".equals(store)) {
      // Quantiles cost about a microsecond per decision under load (a time-windowed HdrHistogram):
      // worth it for a network store, not for an in-memory lookup that takes less.
      latencyBuilder.publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1));
    }
    Timer latency = latencyBuilder.register(registry);
    limiter.onStoreLatency(latency::record);
    Gauge.builder("bulwark.ratelimit.store.breaker.open", limiter, l -> l.storeBreakerOpen() ? 1 : 0)
        .description("Whether the store's circuit breaker is open (1) or not (0)")
        .tag("store", store)
        .register(registry);
    // The breaker opens only once a decision timed out; this shows a hung store as soon as a call
    // has waited longer than the health timeout, without a round trip per scrape.
    Gauge.builder("bulwark.ratelimit.store.available", limiter, l -> l.storeProblem().isEmpty() ? 1 : 0)
        .description("Whether the store answers (1) or not (0): not connected, breaker open, or a call unanswered past the health timeout")
        .tag("store", store)
        .register(registry);
  }

  /**
   * Returns a binder of the per-rule meters alone ({@code bulwark.ratelimit.decisions}, {@code
   * .fallbacks} and {@code .local.keys}, tagged by rule) for rules added to the limiter after it
   * was bound, such as Spring's {@code @RateLimited} rules.
   *
   * @param limiter the limiter
   * @param rules the added rules' names
   */
  public static MeterBinder ruleMeters(RateLimiter limiter, List<String> rules) {
    return registry -> bindRules(limiter, rules, registry);
  }

  private static void bindRules(RateLimiter limiter, MeterRegistry registry) {
    bindRules(limiter, limiter.stats().rules(), registry);
  }

  private static void bindRules(RateLimiter limiter, List<String> rules, MeterRegistry registry) {
    RateLimitStats stats = limiter.stats();
    for (String rule : rules) {
      for (RateLimitDecision.Outcome outcome : RateLimitDecision.Outcome.values()) {
        FunctionCounter.builder("bulwark.ratelimit.decisions", stats, s -> s.decisions(rule, outcome))
            .description("Rate-limit decisions")
            .tag("rule", rule)
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
      FunctionCounter.builder("bulwark.ratelimit.fallbacks", stats, s -> s.fallbacks(rule))
          .description("Decisions taken by a rule's failure policy while the store was unavailable")
          .tag("rule", rule)
          .register(registry);
      // A flood of distinct clients shows here as the count sitting at max-keys, not as growth.
      Gauge.builder("bulwark.ratelimit.local.keys", limiter, l -> l.localKeys(rule))
          .description("Clients the local store (or the Redis store's local fallback) tracks for a rule, at most max-keys")
          .tag("rule", rule)
          .register(registry);
    }
  }
}
