package dev.bulwark.ratelimit.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing a store does for a request: one rule's bucket for one client key. A request's steps
 * go to the store together ({@link RateLimitStore#decide}), in order.
 *
 * @param kind what to do
 * @param bucket the bucket's shape
 * @param key the client's key, such as {@code ip:203.0.113.7}
 * @param tokens how many tokens to take, estimate or give back; for {@link Kind#COUNT_FAILURE},
 *     tokens to take before counting (0 when a reservation took them already)
 * @param penalty the rule's penalty box, or {@code null}
 * @param penaliseRefusal for {@link Kind#TAKE}: whether a refusal counts as a failure towards the
 *     penalty box
 * @param stopOnRefusal whether a refusal ends the request's steps (a rule in shadow mode refuses
 *     nothing, so its refusal does not); a blocked key always ends them
 */
public record Step(
    Kind kind, BucketShape bucket, String key, long tokens, PenaltyBox penalty, boolean penaliseRefusal, boolean stopOnRefusal) {

  /** Checks the values. */
  public Step {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative");
    }
  }

  /** What a step does. */
  public enum Kind {
    /**
     * Checks the key's penalty block (with a penalty box), then takes the tokens if every limit
     * has them; a refusal counts as a failure when {@code penaliseRefusal}.
     */
    TAKE,
    /** Checks the key's penalty block (with a penalty box), then tells whether the tokens are there. */
    ESTIMATE,
    /** Checks only the key's penalty block. */
    CHECK_BLOCK,
    /** Gives tokens back, never beyond capacity; a key with no state has nothing to give back to. */
    GIVE_BACK,
    /**
     * Takes {@code tokens} (if any, whatever is left) and counts one failure in the penalty box;
     * the key is blocked once the failures run out.
     */
    COUNT_FAILURE
  }

  /**
   * A penalty box: so many failures within a window block the key for a while.
   *
   * @param failures the failures' bucket (one limit: failures per window)
   * @param block how long a key stays blocked
   */
  public record PenaltyBox(BucketShape failures, Duration block) {

    /** Checks the values. */
    public PenaltyBox {
      Objects.requireNonNull(failures, "failures");
      if (block == null || block.isZero() || block.isNegative()) {
        throw new IllegalArgumentException("block must be positive");
      }
    }
  }

  /** Takes tokens, stopping the request on a refusal. */
  public static Step take(BucketShape bucket, String key, long tokens) {
    return new Step(Kind.TAKE, bucket, key, tokens, null, false, true);
  }

  /** Estimates without taking. */
  public static Step estimate(BucketShape bucket, String key, long tokens) {
    return new Step(Kind.ESTIMATE, bucket, key, tokens, null, false, true);
  }

  /** This step with a penalty box. */
  public Step withPenalty(PenaltyBox box) {
    return new Step(kind, bucket, key, tokens, box, penaliseRefusal, stopOnRefusal);
  }
}
