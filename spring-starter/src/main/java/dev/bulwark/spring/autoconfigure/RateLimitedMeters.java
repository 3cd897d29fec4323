package dev.bulwark.spring.autoconfigure;

import dev.bulwark.metrics.BulwarkMeters;
import dev.bulwark.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision meters of the {@code @RateLimited} rules, tagged by rule name like the configured
 * rules' ({@link BulwarkMeters#ruleMeters}). Those rules exist only once the handler mappings have
 * been scanned, which may happen before or after Spring Boot binds its meter binders (both run
 * when every singleton exists), so a registry that comes first waits here for the limiter.
 */
final class RateLimitedMeters implements MeterBinder, RateLimitedRulesListener {

  private final List<MeterRegistry> waiting = new ArrayList<>();
  private boolean ready;
  private RateLimiter limiter;
  private List<String> rules = List.of();

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (!ready) {
      waiting.add(registry);
    } else if (limiter != null) {
      BulwarkMeters.ruleMeters(limiter, rules).bindTo(registry);
    }
  }

  @Override
  public synchronized void rulesReady(RateLimiter limiter, List<String> rules) {
    this.ready = true;
    this.limiter = limiter;
    this.rules = rules;
    if (limiter != null) {
      for (MeterRegistry registry : waiting) {
        BulwarkMeters.ruleMeters(limiter, rules).bindTo(registry);
      }
    }
    waiting.clear();
  }
}
