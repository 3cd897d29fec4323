package dev.bulwark.ratelimit.internal;

import java.time.Duration;

/** Where buckets and penalty blocks live. Implementations are thread-safe. */
public interface RateLimitStore extends AutoCloseable {

  /** Takes tokens if available. */
  Consumption tryConsume(BucketSpec spec, String key, long tokens);

  /** Tells whether tokens are available without taking them. */
  Consumption estimate(BucketSpec spec, String key, long tokens);

  /** Blocks a key of a namespace for a while. */
  void block(String namespace, String key, Duration duration);

  /** Returns how long a key stays blocked, 0 when it is not. */
  long blockedNanos(String namespace, String key);

  /** Forgets a key's bucket and block. */
  void reset(BucketSpec spec, String key);

  /** Returns a short name for logs and metrics: {@code local} or {@code redis}. */
  String kind();

  @Override
  default void close() {}
}
