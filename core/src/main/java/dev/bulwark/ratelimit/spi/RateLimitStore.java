package dev.bulwark.ratelimit.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where buckets and penalty blocks live. Implementations are thread-safe, and every one passes
 * {@code RateLimitStoreContract} (in {@code bulwark-core}'s test jar): the same scenarios, the
 * same decisions.
 *
 * <p>A store that can fail (a remote one) throws {@link StoreUnavailableException} from any method
 * instead of answering late: the rules' {@code on-store-failure} decides meanwhile.
 */
public interface RateLimitStore extends AutoCloseable {

  /**
   * Decides a request's steps in order, as one atomic operation of the store: no other request's
   * steps interleave with them. Stops after a step whose key is blocked, and after a refused step
   * with {@link Step#stopOnRefusal()}; the answers then end with that step's.
   *
   * @return one answer per step decided, in order
   * @throws StoreUnavailableException when the store cannot answer now
   */
  List<Answer> decide(List<Step> steps);

  /**
   * Forgets a key's bucket of this shape and its penalty block in the shape's namespace, for
   * support staff who unblock a user.
   */
  void reset(BucketShape bucket, String key);

  /**
   * Returns why the store cannot be counted on now, or empty while it can. Makes no round trip,
   * so meters may read it on every scrape.
   */
  default Optional<String> problem() {
    return Optional.empty();
  }

  /**
   * Checks the store with a round trip of its own, for health checks: returns how long it took in
   * nanoseconds, or throws {@link StoreUnavailableException}. A store in this JVM answers 0.
   */
  default long check() {
    return 0;
  }

  /** Returns whether the store sheds calls now (a circuit breaker is open or half-open). */
  default boolean breakerOpen() {
    return false;
  }

  /** Returns a short name for logs and metrics, such as {@code local} or {@code redis}. */
  String kind();

  @Override
  default void close() {}
}
