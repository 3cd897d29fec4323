package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.Step;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Buckets in this JVM: Bucket4j's lock-free buckets in Caffeine caches, one per bucket shape, each
 * bounded by a maximum number of keys and forgetting a key once its bucket would be full again. A
 * flood of distinct keys therefore costs at most {@code maxKeys} entries per rule.
 *
 * <p>A request's steps are decided one after another: each bucket is atomic on its own (Bucket4j's
 * compare-and-swap), and the steps of one request are not atomic together, which only matters for
 * a client that races itself across rules.
 */
public final class LocalStore implements RateLimitStore {

  private final int maxKeys;
  private final LongSupplier clock;
  private final TimeMeter meter;
  private final ConcurrentMap<BucketShape, Buckets> buckets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Cache<String, Long>> blocks = new ConcurrentHashMap<>();

  /** One shape's Bucket4j configuration and its buckets. */
  private record Buckets(BucketSpec spec, Cache<String, Bucket> cache) {}

  public LocalStore(int maxKeys) {
    this(maxKeys, System::nanoTime);
  }

  /**
   * A store on a clock of its own, for tests that move time.
   *
   * @param clock monotonic nanoseconds, as {@link System#nanoTime()}
   */
  public LocalStore(int maxKeys, LongSupplier clock) {
    this.maxKeys = maxKeys;
    this.clock = clock;
    this.meter =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return clock.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
  }

  private Buckets buckets(BucketShape shape) {
    Buckets found = buckets.get(shape);
    if (found == null) {
      found =
          buckets.computeIfAbsent(
              shape,
              s ->
                  new Buckets(
                      new BucketSpec(s, meter),
                      Caffeine.newBuilder()
                          .maximumSize(maxKeys)
                          .expireAfterAccess(s.refillTime())
                          .ticker(clock::getAsLong)
                          .build()));
    }
    return found;
  }

  @Override
  public List<Answer> decide(List<Step> steps) {
    if (steps.size() == 1) {
      return List.of(decide(steps.get(0)));
    }
    List<Answer> answers = new ArrayList<>(steps.size());
    for (Step step : steps) {
      Answer answer = decide(step);
      answers.add(answer);
      if (answer.status() == Answer.Status.BLOCKED || answer.status() == Answer.Status.REFUSED && step.stopOnRefusal()) {
        break;
      }
    }
    return answers;
  }

  /** Decides one step. */
  public Answer decide(Step step) {
    Step.PenaltyBox box = step.penalty();
    switch (step.kind()) {
      case TAKE -> {
        long blocked = box == null ? 0 : blockedNanos(step.bucket().name(), step.key());
        if (blocked > 0) {
          return Answer.blocked(blocked);
        }
        Answer answer = tryConsume(step.bucket(), step.key(), step.tokens());
        if (!answer.allowed() && step.penaliseRefusal() && box != null && countFailure(step.bucket().name(), box, step.key())) {
          return new Answer(answer.status(), answer.remaining(), answer.nanosToWait(), answer.bandwidth(), answer.resetNanos(), true);
        }
        return answer;
      }
      case ESTIMATE -> {
        long blocked = box == null ? 0 : blockedNanos(step.bucket().name(), step.key());
        return blocked > 0 ? Answer.blocked(blocked) : estimate(step.bucket(), step.key(), step.tokens());
      }
      case CHECK_BLOCK -> {
        long blocked = box == null ? 0 : blockedNanos(step.bucket().name(), step.key());
        return blocked > 0 ? Answer.blocked(blocked) : Answer.of(true, step.bucket().smallestCapacity(), 0);
      }
      case GIVE_BACK -> {
        Bucket bucket = buckets(step.bucket()).cache().getIfPresent(step.key());
        if (bucket != null) {
          bucket.addTokens(step.tokens());
        }
        return Answer.done(false);
      }
      case COUNT_FAILURE -> {
        if (step.tokens() > 0) {
          tryConsume(step.bucket(), step.key(), step.tokens());
        }
        return Answer.done(box != null && countFailure(step.bucket().name(), box, step.key()));
      }
    }
    throw new IllegalArgumentException(step.kind().name());
  }

  /** Counts one failure; blocks the key and returns true once the failures ran out. */
  private boolean countFailure(String namespace, Step.PenaltyBox box, String key) {
    if (!tryConsume(box.failures(), key, 1).allowed()) {
      block(namespace, key, box.block());
      return true;
    }
    return false;
  }

  /** Takes tokens if available. */
  public Answer tryConsume(BucketShape shape, String key, long tokens) {
    Buckets b = buckets(shape);
    Bucket bucket = b.cache().get(key, b.spec().bucketFactory());
    if (b.spec().multiBandwidth()) {
      VerboseResult<ConsumptionProbe> verbose = bucket.asVerbose().tryConsumeAndReturnRemaining(tokens);
      ConsumptionProbe probe = verbose.getValue();
      return b.spec().consumption(
          probe.isConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
    return Answer.of(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  /** Tells whether tokens are available without taking them. */
  public Answer estimate(BucketShape shape, String key, long tokens) {
    Buckets b = buckets(shape);
    Bucket bucket = b.cache().getIfPresent(key);
    if (bucket == null) {
      long capacity = shape.smallestCapacity();
      return Answer.of(tokens <= capacity, capacity, 0);
    }
    if (b.spec().multiBandwidth()) {
      VerboseResult<EstimationProbe> verbose = bucket.asVerbose().estimateAbilityToConsume(tokens);
      EstimationProbe probe = verbose.getValue();
      return b.spec().consumption(
          probe.canBeConsumed(), probe.getNanosToWaitForRefill(), verbose.getDiagnostics().getAvailableTokensPerEachBandwidth());
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(tokens);
    return Answer.of(probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
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
        .ticker(clock::getAsLong)
        .expireAfter(
            new Expiry<String, Long>() {
              @Override
              public long expireAfterCreate(String key, Long until, long now) {
                return Math.max(0, until - clock.getAsLong());
              }

              @Override
              public long expireAfterUpdate(String key, Long until, long now, long current) {
                return Math.max(0, until - clock.getAsLong());
              }

              @Override
              public long expireAfterRead(String key, Long until, long now, long current) {
                return current;
              }
            })
        .build();
  }

  /** Blocks a key of a namespace for a while. */
  public void block(String namespace, String key, Duration duration) {
    blocks(namespace).put(key, clock.getAsLong() + duration.toNanos());
  }

  /** Returns how long a key stays blocked, 0 when it is not. */
  public long blockedNanos(String namespace, String key) {
    Cache<String, Long> cache = blocks.get(namespace);
    Long until = cache == null ? null : cache.getIfPresent(key);
    return until == null ? 0 : Math.max(0, until - clock.getAsLong());
  }

  @Override
  public void reset(BucketShape shape, String key) {
    buckets(shape).cache().invalidate(key);
    blocks(shape.name()).invalidate(key);
  }

  /** Returns how many keys a bucket shape tracks now (approximate), for tests and reports. */
  public long size(BucketShape shape) {
    Buckets b = buckets.get(shape);
    if (b == null) {
      return 0;
    }
    b.cache().cleanUp();
    return b.cache().estimatedSize();
  }

  @Override
  public String kind() {
    return "local";
  }
}
