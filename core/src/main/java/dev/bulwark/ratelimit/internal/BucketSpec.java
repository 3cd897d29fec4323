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

  /** Returns whether the bucket has more than one bandwidth, so which one limits must be asked. */
  public boolean multiBandwidth() {
    return bandwidths.length > 1;
  }

  /**
   * Builds a store's answer from the tokens left in each bandwidth: the limiting bandwidth is the
   * one with the fewest left (on a tie, the one that takes longer to refill), and {@code remaining}
   * and the reset time both describe it, so the {@code RateLimit} field never mixes two of them.
   */
  public Consumption consumption(boolean allowed, long nanosToWait, long[] availablePerBandwidth) {
    int limiting = 0;
    long limitingReset = -1;
    for (int i = 0; i < bandwidths.length; i++) {
      long available = Math.max(0, availablePerBandwidth[i]);
      long reset = resetNanos(i, available);
      if (i == 0
          || available < Math.max(0, availablePerBandwidth[limiting])
          || available == Math.max(0, availablePerBandwidth[limiting]) && reset > limitingReset) {
        limiting = i;
        limitingReset = reset;
      }
    }
    return new Consumption(allowed, Math.max(0, availablePerBandwidth[limiting]), nanosToWait, limiting, limitingReset);
  }

  /** Greedy refill: a bandwidth regains capacity tokens over its period, evenly. */
  private long resetNanos(int bandwidth, long available) {
    Limit limit = limits.get(bandwidth);
    long missing = Math.max(0, limit.capacity() - available);
    long period = limit.period().toNanos();
    // capacity and period are both far below 2^31 tokens and 2^53 ns, so the product fits in a
    // double exactly enough for whole seconds
    return (long) Math.ceil((double) missing * period / limit.capacity());
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
