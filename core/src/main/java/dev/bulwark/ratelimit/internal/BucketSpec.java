package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.BucketShape;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.util.List;
import java.util.function.Function;

/**
 * A bucket shape as Bucket4j builds it for the local store: its bandwidths, and the factory of
 * lock-free buckets on the store's clock.
 */
public final class BucketSpec {

  private final BucketShape shape;
  private final Bandwidth[] bandwidths;
  private final TimeMeter clock;
  private final Function<String, Bucket> bucketFactory;

  /** Checks that Bucket4j accepts the limits (at start-up, not at the first request). */
  public BucketSpec(String name, List<Limit> limits) {
    this(new BucketShape(name, limits), TimeMeter.SYSTEM_NANOTIME);
  }

  public BucketSpec(BucketShape shape, TimeMeter clock) {
    this.shape = shape;
    this.clock = clock;
    List<Limit> limits = shape.limits();
    this.bandwidths = new Bandwidth[limits.size()];
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      bandwidths[i] = Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
    }
    this.bucketFactory = key -> newLocalBucket();
  }

  public BucketShape shape() {
    return shape;
  }

  /** Returns whether the bucket has more than one bandwidth, so which one limits must be asked. */
  public boolean multiBandwidth() {
    return bandwidths.length > 1;
  }

  /** The answer from the tokens left in each bandwidth (see {@link BucketShape#answer}). */
  public Answer consumption(boolean allowed, long nanosToWait, long[] availablePerBandwidth) {
    return shape.answer(allowed, nanosToWait, availablePerBandwidth);
  }

  /** Creates a local bucket for a key; one function per spec, so lookups allocate no lambda. */
  public Function<String, Bucket> bucketFactory() {
    return bucketFactory;
  }

  /** A new lock-free bucket with every limit, on the store's clock. */
  public Bucket newLocalBucket() {
    LocalBucketBuilder builder = Bucket.builder();
    for (Bandwidth bandwidth : bandwidths) {
      builder.addLimit(bandwidth);
    }
    if (clock != TimeMeter.SYSTEM_NANOTIME) {
      builder.withCustomTimePrecision(clock);
    }
    return builder.build();
  }
}
