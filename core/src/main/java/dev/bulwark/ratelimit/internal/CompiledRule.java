package dev.bulwark.ratelimit.internal;

import dev.bulwark.path.PathPattern;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.KeySpec;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.Penalty;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A rule with everything precomputed for the request path. Immutable. */
public final class CompiledRule {

  private final String name;
  private final int index;
  private final PathPattern[] paths;
  private final Set<String> methods;
  private final BucketShape bucket;
  private final BucketShape penaltyBucket;
  private final Step.PenaltyBox penaltyBox;
  private final long cost;
  private final KeySpec key;
  private final boolean[] counted;
  private final boolean countsResponses;
  private final boolean countsOnlyCredentials;
  private final Penalty penalty;
  private final boolean shadow;
  private final FailurePolicy onStoreFailure;
  private final String policyField;
  private final String[] policyIds;
  private final int smallestIndex;
  private final long smallestCapacity;
  private final long smallestWindowSeconds;

  public CompiledRule(RateLimitRule rule, int index) {
    this.name = rule.name();
    this.index = index;
    this.paths = rule.paths().stream().map(PathPattern::of).toArray(PathPattern[]::new);
    this.methods = Set.copyOf(rule.methods());
    List<Limit> limits = rule.parsedLimits();
    // Bucket4j checks the limits now, at start-up, whichever store is used.
    new BucketSpec(rule.name(), limits);
    this.bucket = new BucketShape(rule.name(), limits);
    Penalty penalty = rule.penalty();
    this.penaltyBucket =
        penalty.enabled()
            ? new BucketShape(rule.name() + ".penalty", List.of(new Limit(penalty.failures(), penalty.within())))
            : null;
    this.penaltyBox = penalty.enabled() ? new Step.PenaltyBox(penaltyBucket, penalty.block()) : null;
    this.penalty = penalty;
    this.cost = rule.cost();
    KeySpec parsed = KeySpec.parse(rule.key());
    if (!parsed.alwaysResolves()) {
      // A key that resolves to nothing must never fall into one shared bucket: the client's
      // address is the documented last resort.
      List<KeySpec.Source> sources = new ArrayList<>(parsed.sources());
      sources.add(new KeySpec.Source(KeySpec.Kind.IP, null));
      parsed = new KeySpec(List.copyOf(sources));
    }
    this.key = parsed;
    this.counted = new boolean[600];
    for (int status : rule.countStatuses()) {
      counted[status] = true;
    }
    this.countsResponses = !rule.countStatuses().isEmpty();
    this.countsOnlyCredentials = countsResponses && rule.countedRequests() == dev.bulwark.ratelimit.CountedRequests.WITH_CREDENTIALS;
    this.shadow = rule.shadow();
    this.onStoreFailure = rule.onStoreFailure();
    StringBuilder policy = new StringBuilder();
    Limit smallest = limits.get(0);
    int smallestAt = 0;
    this.policyIds = new String[limits.size()];
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      policyIds[i] = policyId(limit);
      if (policy.length() > 0) {
        policy.append(", ");
      }
      policy.append('"').append(policyIds[i]).append("\";q=").append(limit.capacity()).append(";w=").append(limit.windowSeconds());
      if (limit.capacity() < smallest.capacity()) {
        smallest = limit;
        smallestAt = i;
      }
    }
    this.smallestIndex = smallestAt;
    this.policyField = policy.toString();
    this.smallestCapacity = smallest.capacity();
    this.smallestWindowSeconds = smallest.windowSeconds();
  }

  private String policyId(Limit limit) {
    return name + "-" + limit.toString().substring(limit.toString().indexOf('/') + 1);
  }

  /** Returns whether the rule applies to a request. */
  public boolean matches(String method, String path) {
    if (!methods.isEmpty() && !methods.contains(method)) {
      return false;
    }
    return PathPattern.anyMatches(paths, path);
  }

  public String name() {
    return name;
  }

  public int index() {
    return index;
  }

  public BucketShape bucket() {
    return bucket;
  }

  public BucketShape penaltyBucket() {
    return penaltyBucket;
  }

  /** The rule's penalty box, or {@code null}. */
  public Step.PenaltyBox penaltyBox() {
    return penaltyBox;
  }

  public Penalty penalty() {
    return penalty;
  }

  public long cost() {
    return cost;
  }

  public KeySpec key() {
    return key;
  }

  public boolean countsResponses() {
    return countsResponses;
  }

  /** Returns whether only failed credentials count, not every request with a counted status. */
  public boolean countsOnlyCredentials() {
    return countsOnlyCredentials;
  }

  /** Returns whether a response status consumes tokens for this rule. */
  public boolean counts(int status) {
    return status >= 0 && status < counted.length && counted[status];
  }

  public boolean shadow() {
    return shadow;
  }

  public FailurePolicy onStoreFailure() {
    return onStoreFailure;
  }

  /**
   * Returns the {@code RateLimit-Policy} item id of a bandwidth (by index among the limits), or of
   * the tightest one when the index is not known (-1).
   */
  public String policyId(int bandwidth) {
    return policyIds[bandwidth >= 0 && bandwidth < policyIds.length ? bandwidth : smallestIndex];
  }

  /** Returns this rule's items of the {@code RateLimit-Policy} field. */
  public String policyField() {
    return policyField;
  }

  /** Returns the capacity of the tightest limit. */
  public long smallestCapacity() {
    return smallestCapacity;
  }

  /** Returns the window of the tightest limit, in seconds. */
  public long smallestWindowSeconds() {
    return smallestWindowSeconds;
  }
}
