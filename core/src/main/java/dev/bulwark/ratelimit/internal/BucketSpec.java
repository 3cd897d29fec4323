package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.Limit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A bucket shape, built once per rule: its name (the key namespace), limits and the Bucket4j
 * configuration every store uses.
 */
public final class BucketSpec {

  private final String name;
  private final List<Limit> limits;
  private final Bandwidth[] bandwidths;
  private final BucketConfiguration configuration;
  private final Supplier<CompletableFuture<BucketConfiguration>> asyncConfiguration;
  private final Duration refillTime;
  private final long smallestCapacity;
  private final java.util.function.Function<String, Bucket> bucketFactory;

  public BucketSpec(String name, List<Limit> limits) {
    this.name = name;
    this.limits = List.copyOf(limits);
    this.bandwidths = new Bandwidth[limits.size()];
    ConfigurationBuilder builder = BucketConfiguration.builder();
    Duration longest = Duration.ZERO;
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      bandwidths[i] =
          Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
      builder.addLimit(bandwidths[i]);
      if (limit.period().compareTo(longest) > 0) {
        longest = limit.period();
      }
    }
    this.configuration = builder.build();
    CompletableFuture<BucketConfiguration> ready = CompletableFuture.completedFuture(configuration);
    this.asyncConfiguration = () -> ready;
    this.refillTime = longest;
    this.smallestCapacity = limits.stream().mapToLong(Limit::capacity).min().orElse(0);
    this.bucketFactory = key -> newLocalBucket();
  }

  /** The capacity of the tightest limit: what a client that was never seen has left. */
  public long smallestCapacity() {
    return smallestCapacity;
  }

  /** Creates a local bucket for a key; one function per spec, so lookups allocate no lambda. */
  public java.util.function.Function<String, Bucket> bucketFactory() {
    return bucketFactory;
  }

  public String name() {
    return name;
  }

  public List<Limit> limits() {
    return limits;
  }

  /** The Bucket4j configuration with every limit. */
  public BucketConfiguration configuration() {
    return configuration;
  }

  /** The configuration as remote stores ask for it, without allocating per call. */
  public Supplier<CompletableFuture<BucketConfiguration>> asyncConfiguration() {
    return asyncConfiguration;
  }

  /** A new lock-free bucket with every limit. */
  public Bucket newLocalBucket() {
    LocalBucketBuilder builder = Bucket.builder();
    for (Bandwidth bandwidth : bandwidths) {
      builder.addLimit(bandwidth);
    }
    return builder.build();
  }

  /** The longest time an empty bucket needs to be full again: after it, a key may be forgotten. */
  public Duration refillTime() {
    return refillTime;
  }
}
