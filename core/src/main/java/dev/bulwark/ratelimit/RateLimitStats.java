package dev.bulwark.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link RateLimiter}, read by metrics binders when scraped. Recording is an
 * uncontended add into an array slot chosen by rule index and outcome: nothing is looked up or
 * allocated per request.
 */
public final class RateLimitStats {

  private final List<String> rules;
  private final LongAdder[][] decisions;
  private final LongAdder[] fallbacks;
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
