package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Buckets in this JVM: Bucket4j's lock-free buckets in Caffeine caches, one per rule, each bounded
 * by a maximum number of keys and forgetting a key once its bucket would be full again. A flood of
 * distinct keys therefore costs at most {@code maxKeys} entries per rule.
 */
public final class LocalStore implements RateLimitStore {

  private final int maxKeys;
  private final ConcurrentMap<String, Cache<String, Bucket>> buckets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Cache<String, Long>> blocks = new ConcurrentHashMap<>();

  public LocalStore(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  private Cache<String, Bucket> cache(BucketSpec spec) {
    Cache<String, Bucket> cache = buckets.get(spec.name());
    if (cache == null) {
      cache =
          buckets.computeIfAbsent(
              spec.name(),
              name ->
                  Caffeine.newBuilder()
                      .maximumSize(maxKeys)
                      .expireAfterAccess(spec.refillTime())
                      .build());
    }
    return cache;
  }

  private Bucket bucket(BucketSpec spec, String key) {
    return cache(spec).get(key, spec.bucketFactory());
  }

  @Override
  public Consumption tryConsume(BucketSpec spec, String key, long tokens) {
    Bucket bucket = bucket(spec, key);
    if (spec.multiBandwidth()) {
      VerboseResult<ConsumptionProbe> verbose = bucket.asVerbose().tryConsumeAndReturnRemaining(tokens);
      ConsumptionProbe probe = verbose.getValue();
      return spec.consumption(
          probe.isConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
    return new Consumption(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public Consumption estimate(BucketSpec spec, String key, long tokens) {
    Bucket bucket = cache(spec).getIfPresent(key);
    if (bucket == null) {
      long capacity = spec.smallestCapacity();
      return new Consumption(tokens <= capacity, capacity, 0);
    }
    if (spec.multiBandwidth()) {
      VerboseResult<EstimationProbe> verbose = bucket.asVerbose().estimateAbilityToConsume(tokens);
      EstimationProbe probe = verbose.getValue();
      return spec.consumption(
          probe.canBeConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(tokens);
    return new Consumption(probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public void addTokens(BucketSpec spec, String key, long tokens) {
    Bucket bucket = cache(spec).getIfPresent(key);
    if (bucket != null) {
      bucket.addTokens(tokens);
    }
  }

  private Cache<String, Long> blocks(String namespace) {
    Cache<String, Long> cache = blocks.get(namespace);
    if (cache == null) {
      cache = blocks.computeIfAbsent(namespace, name -> newBlockCache());
    }
    return cache;
  }

  private Cache<String, Long> newBlockCache() {
    return Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .expireAfter(
            new Expiry<String, Long>() {
              @Override
              public long expireAfterCreate(String key, Long until, long now) {
                return Math.max(0, until - System.nanoTime());
              }

              @Override
              public long expireAfterUpdate(String key, Long until, long now, long current) {
                return Math.max(0, until - System.nanoTime());
              }

              @Override
              public long expireAfterRead(String key, Long until, long now, long current) {
                return current;
              }
            })
        .build();
  }

  @Override
  public void block(String namespace, String key, Duration duration) {
    blocks(namespace).put(key, System.nanoTime() + duration.toNanos());
  }

  @Override
  public long blockedNanos(String namespace, String key) {
    Cache<String, Long> cache = blocks.get(namespace);
    Long until = cache == null ? null : cache.getIfPresent(key);
    return until == null ? 0 : Math.max(0, until - System.nanoTime());
  }

  @Override
  public void reset(BucketSpec spec, String key) {
    cache(spec).invalidate(key);
    blocks(spec.name()).invalidate(key);
  }

  /** Returns how many keys a rule tracks now (approximate), for tests and reports. */
  public long size(String rule) {
    Cache<String, Bucket> cache = buckets.get(rule);
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public String kind() {
    return "local";
  }
}
