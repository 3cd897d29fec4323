package dev.bulwark.ratelimit.internal;

import java.time.Duration;

/** Where buckets and penalty blocks live. Implementations are thread-safe. */
public interface RateLimitStore extends AutoCloseable {

  /** Takes tokens if available. */
  Consumption tryConsume(BucketSpec spec, String key, long tokens);

  /** Tells whether tokens are available without taking them. */
  Consumption estimate(BucketSpec spec, String key, long tokens);

  /**
   * Gives tokens back (never beyond capacity): a counted rule takes its tokens before the request
   * runs and returns them when the response is not counted. A key with no bucket has nothing to
   * give back to.
   */
  void addTokens(BucketSpec spec, String key, long tokens);

  /** Blocks a key of a namespace for a while. */
  void block(String namespace, String key, Duration duration);

  /** Returns how long a key stays blocked, 0 when it is not. */
  long blockedNanos(String namespace, String key);

  /**
   * A key's penalty block and, when it is not blocked, whether tokens are available, for rules
   * that count only some responses (they check on every request and take tokens only afterwards).
   *
   * @param blockedNanos how long the key stays blocked, 0 when it is not
   * @param estimate the estimate, {@code null} when the key is blocked
   */
  record Check(long blockedNanos, Consumption estimate) {}

  /**
   * Checks a key's penalty block (unless {@code blockNamespace} is {@code null}) and then estimates
   * without taking tokens. The same answer as {@link #blockedNanos} followed by {@link #estimate};
   * a remote store may answer both with one command.
   */
  default Check blockedOrEstimate(String blockNamespace, BucketSpec spec, String key, long tokens) {
    long blocked = blockNamespace == null ? 0 : blockedNanos(blockNamespace, key);
    if (blocked > 0) {
      return new Check(blocked, null);
    }
    return new Check(0, estimate(spec, key, tokens));
  }

  /** Forgets a key's bucket and block. */
  void reset(BucketSpec spec, String key);

  /** Returns a short name for logs and metrics: {@code local} or {@code redis}. */
  String kind();

  @Override
  default void close() {}
}
