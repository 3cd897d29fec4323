package dev.bulwark.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link RateLimiter}, read by metrics binders when scraped. Recording is an
 * uncontended add into an array slot chosen by rule index and outcome: nothing is looked up or
 * allocated per request.
 */
public final class RateLimitStats {

  private volatile List<String> rules;
  private volatile LongAdder[][] decisions;
  private volatile LongAdder[] fallbacks;
  private final LongAdder storeErrors = new LongAdder();

  RateLimitStats(List<String> rules) {
    this.rules = List.copyOf(rules);
    this.decisions = new LongAdder[rules.size()][RateLimitDecision.Outcome.values().length];
    this.fallbacks = new LongAdder[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      for (int j = 0; j < decisions[i].length; j++) {
        decisions[i][j] = new LongAdder();
      }
      fallbacks[i] = new LongAdder();
    }
  }

  /** Counts rules added after the limiter was made (handlers' own rules). */
  synchronized void add(List<String> added) {
    int from = rules.size();
    List<String> all = new java.util.ArrayList<>(rules);
    all.addAll(added);
    LongAdder[][] moreDecisions = java.util.Arrays.copyOf(decisions, all.size());
    LongAdder[] moreFallbacks = java.util.Arrays.copyOf(fallbacks, all.size());
    for (int i = from; i < all.size(); i++) {
      moreDecisions[i] = new LongAdder[RateLimitDecision.Outcome.values().length];
      for (int j = 0; j < moreDecisions[i].length; j++) {
        moreDecisions[i][j] = new LongAdder();
      }
      moreFallbacks[i] = new LongAdder();
    }
    // Counters first, names last: a reader that sees a name finds its counters.
    this.decisions = moreDecisions;
    this.fallbacks = moreFallbacks;
    this.rules = List.copyOf(all);
  }

  void record(int rule, RateLimitDecision.Outcome outcome) {
    decisions[rule][outcome.ordinal()].increment();
  }

  void fallback(int rule) {
    fallbacks[rule].increment();
  }

  void storeError() {
    storeErrors.increment();
  }

  /** Returns the rule names, in index order. */
  public List<String> rules() {
    return rules;
  }

  /** Returns how many decisions of a rule had an outcome. */
  public long decisions(String rule, RateLimitDecision.Outcome outcome) {
    return decisions[indexOf(rule)][outcome.ordinal()].sum();
  }

  /** Returns how many decisions of a rule were taken by its failure policy, the store being down. */
  public long fallbacks(String rule) {
    return fallbacks[indexOf(rule)].sum();
  }

  /** Returns how many store calls failed or timed out. */
  public long storeErrors() {
    return storeErrors.sum();
  }

  private int indexOf(String rule) {
    int index = rules.indexOf(rule);
    if (index < 0) {
      throw new IllegalArgumentException("no rule named " + rule);
    }
    return index;
  }
}
