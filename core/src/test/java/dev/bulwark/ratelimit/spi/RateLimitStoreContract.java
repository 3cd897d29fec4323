package dev.bulwark.ratelimit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimitStore} must do: the same scenarios, the same decisions, whatever
 * keeps the buckets (as Bucket4j's {@code AbstractDistributedBucketTest} does for its backends).
 * Extend it with a store factory, a way to let time pass and, for a store that can fail, an
 * outage:
 *
 * <pre>{@code
 * class MyStoreContractTest extends RateLimitStoreContract {
 *   protected RateLimitStore newStore() { return new MyStore(...); }
 *   protected Duration window() { return Duration.ofSeconds(1); }   // real time: short windows
 *   protected void advance(Duration time) throws InterruptedException { Thread.sleep(time.toMillis()); }
 * }
 * }</pre>
 *
 * <p>Every scenario scales its limits by {@link #window()}: a store on an injectable clock can use
 * long windows and move the clock; a store on a real clock (Redis's) uses short ones and sleeps.
 */
public abstract class RateLimitStoreContract {

  /** A new store; each test gets its own, with no state from others. */
  protected abstract RateLimitStore newStore() throws Exception;

  /** The unit of time the scenarios' limits are written in. */
  protected abstract Duration window();

  /** Lets time pass for the store: move its clock, or sleep. */
  protected abstract void advance(Duration time) throws InterruptedException;

  /** Makes the store unable to answer (stop its server); stores that cannot fail skip the test. */
  protected void outage() throws Exception {
    Assumptions.abort("this store cannot fail");
  }

  /** Ends {@link #outage()}. */
  protected void recover() throws Exception {}

  /** Slack for a store on a real clock: time that passes between two calls of a scenario. */
  protected Duration slack() {
    return Duration.ZERO;
  }

  protected RateLimitStore store;
  private int shapes;

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** A shape with fresh keys: capacity per multiple of the window, for each pair. */
  protected BucketShape shape(long capacity, long windows) {
    return new BucketShape("contract" + (++shapes), List.of(new Limit(capacity, window().multipliedBy(windows))));
  }

  private Answer one(Step step) {
    List<Answer> answers = store.decide(List.of(step));
    assertThat(answers).hasSize(1);
    return answers.get(0);
  }

  private Answer take(BucketShape shape, String key, long tokens) {
    return one(Step.take(shape, key, tokens));
  }

  private Answer estimate(BucketShape shape, String key) {
    return one(Step.estimate(shape, key, 1));
  }

  private Step.PenaltyBox box(long failures, long blockWindows) {
    return new Step.PenaltyBox(shape(failures, 100), window().multipliedBy(blockWindows));
  }

  @Test
  void takesUpToTheCapacityThenRefusesWithTheTimeToWait() {
    BucketShape shape = shape(3, 1);
    for (int i = 0; i < 3; i++) {
      Answer answer = take(shape, "alice", 1);
      assertThat(answer.status()).isEqualTo(Answer.Status.ALLOWED);
      assertThat(answer.remaining()).isEqualTo(2 - i);
      assertThat(answer.nanosToWait()).isZero();
    }
    Answer refused = take(shape, "alice", 1);
    assertThat(refused.status()).isEqualTo(Answer.Status.REFUSED);
    assertThat(refused.remaining()).isZero();
    assertThat(refused.nanosToWait()).as("one token comes back in a third of the window").isPositive().isLessThanOrEqualTo(window().dividedBy(3).toNanos());
    assertThat(take(shape, "bob", 1).status()).as("keys are independent").isEqualTo(Answer.Status.ALLOWED);
  }

  @Test
  void aRequestForMoreThanIsLeftTakesNothing() {
    BucketShape shape = shape(10, 100);
    assertThat(take(shape, "t", 7).allowed()).isTrue();
    assertThat(take(shape, "t", 4).allowed()).isFalse();
    assertThat(take(shape, "t", 3).remaining()).as("the refused request took nothing").isZero();
  }

  @Test
  void everyLimitAppliesAndTheAnswerNamesTheLimitingOne() {
    BucketShape shape = new BucketShape("contract-multi", List.of(new Limit(5, window()), new Limit(6, window().multipliedBy(100))));
    Answer first = take(shape, "k", 1);
    assertThat(first.remaining()).isEqualTo(4);
    assertThat(first.bandwidth()).as("5/w has fewer left than 6/100w").isZero();
    int admitted = 1;
    for (int i = 0; i < 10; i++) {
      if (take(shape, "k", 1).allowed()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void tokensComeBackEvenlyOverTheWindow() throws Exception {
    BucketShape shape = shape(4, 1);
    for (int i = 0; i < 4; i++) {
      assertThat(take(shape, "k", 1).allowed()).isTrue();
    }
    assertThat(take(shape, "k", 1).allowed()).isFalse();
    // Half a window: two of four tokens are back (and a third is not, even with the slack).
    advance(window().dividedBy(2).plus(slack()));
    assertThat(take(shape, "k", 1).allowed()).isTrue();
    assertThat(take(shape, "k", 1).allowed()).isTrue();
    assertThat(take(shape, "k", 1).allowed()).isFalse();
  }

  @Test
  void aKeyForgottenOrNeverSeenHasAFullBucket() throws Exception {
    BucketShape shape = shape(3, 1);
    Answer fresh = estimate(shape, "new");
    assertThat(fresh.allowed()).isTrue();
    assertThat(fresh.remaining()).isEqualTo(3);
    assertThat(estimate(shape, "new").remaining()).as("an estimate takes nothing").isEqualTo(3);
    take(shape, "k", 3);
    assertThat(estimate(shape, "k").allowed()).isFalse();
    advance(window().plus(slack()));
    assertThat(estimate(shape, "k").remaining()).as("full again after the window").isEqualTo(3);
  }

  @Test
  void tokensGivenBackAreTakenAgainButNeverBeyondTheCapacity() {
    BucketShape shape = shape(3, 100);
    take(shape, "k", 2);
    one(new Step(Step.Kind.GIVE_BACK, shape, "k", 1, null, false, false));
    assertThat(take(shape, "k", 2).allowed()).isTrue();
    assertThat(take(shape, "k", 1).allowed()).isFalse();
    one(new Step(Step.Kind.GIVE_BACK, shape, "k", 10, null, false, false));
    assertThat(take(shape, "k", 3).allowed()).as("given back up to the capacity").isTrue();
    assertThat(take(shape, "k", 1).allowed()).isFalse();
    one(new Step(Step.Kind.GIVE_BACK, shape, "unknown", 5, null, false, false));
    assertThat(estimate(shape, "unknown").remaining()).as("nothing to give back to").isEqualTo(3);
  }

  @Test
  void failuresFillThePenaltyBoxAndABlockedKeyIsRefusedWhateverItAsks() {
    BucketShape shape = shape(10, 100);
    Step.PenaltyBox box = box(2, 50);
    Step failure = new Step(Step.Kind.COUNT_FAILURE, shape, "k", 1, box, false, false);
    assertThat(one(failure).blockedNow()).isFalse();
    assertThat(one(failure).blockedNow()).isFalse();
    assertThat(one(failure).blockedNow()).as("the third failure of two allowed blocks").isTrue();
    for (Step.Kind kind : List.of(Step.Kind.TAKE, Step.Kind.ESTIMATE, Step.Kind.CHECK_BLOCK)) {
      Answer answer = one(new Step(kind, shape, "k", 1, box, false, true));
      assertThat(answer.status()).as(kind.name()).isEqualTo(Answer.Status.BLOCKED);
      assertThat(answer.nanosToWait()).isBetween(window().multipliedBy(50).minus(window()).toNanos(), window().multipliedBy(50).toNanos());
    }
    assertThat(one(new Step(Step.Kind.TAKE, shape, "other", 1, box, false, true)).allowed()).isTrue();
    assertThat(estimate(shape, "k").remaining()).as("each counted failure took its tokens").isEqualTo(7);
    store.reset(shape, "k");
    store.reset(box.failures(), "k");
    assertThat(one(new Step(Step.Kind.TAKE, shape, "k", 1, box, false, true)).status()).as("reset lifts the block").isEqualTo(Answer.Status.ALLOWED);
    assertThat(estimate(shape, "k").remaining()).as("and forgets the bucket").isEqualTo(9);
  }

  @Test
  void aBlockEnds() throws Exception {
    BucketShape shape = shape(10, 100);
    Step.PenaltyBox box = box(1, 1);
    one(new Step(Step.Kind.COUNT_FAILURE, shape, "k", 0, box, false, false));
    assertThat(one(new Step(Step.Kind.COUNT_FAILURE, shape, "k", 0, box, false, false)).blockedNow()).isTrue();
    assertThat(one(new Step(Step.Kind.CHECK_BLOCK, shape, "k", 0, box, false, true)).status()).isEqualTo(Answer.Status.BLOCKED);
    advance(window().plus(slack()));
    assertThat(one(new Step(Step.Kind.CHECK_BLOCK, shape, "k", 0, box, false, true)).status()).isEqualTo(Answer.Status.ALLOWED);
  }

  @Test
  void aRefusalCountsAsAFailureOnlyWhenTheStepSaysSo() {
    BucketShape shape = shape(1, 100);
    Step.PenaltyBox box = box(1, 50);
    Step reserve = new Step(Step.Kind.TAKE, shape, "k", 1, box, false, true);
    assertThat(one(reserve).allowed()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(one(reserve).status()).as("a refused reservation is no failure").isEqualTo(Answer.Status.REFUSED);
    }
    Step consume = new Step(Step.Kind.TAKE, shape, "k", 1, box, true, true);
    assertThat(one(consume).blockedNow()).isFalse();
    Answer second = one(consume);
    assertThat(second.status()).isEqualTo(Answer.Status.REFUSED);
    assertThat(second.blockedNow()).as("the second refusal of one allowed blocks").isTrue();
    assertThat(one(consume).status()).isEqualTo(Answer.Status.BLOCKED);
  }

  @Test
  void aRequestsStepsEndAtTheFirstRefusalThatRefusesIt() {
    BucketShape tight = shape(1, 100);
    BucketShape loose = shape(5, 100);
    assertThat(store.decide(List.of(Step.take(tight, "k", 1), Step.take(loose, "k", 1)))).extracting(Answer::status).containsExactly(Answer.Status.ALLOWED, Answer.Status.ALLOWED);
    List<Answer> refused = store.decide(List.of(Step.take(tight, "k", 1), Step.take(loose, "k", 1)));
    assertThat(refused).extracting(Answer::status).containsExactly(Answer.Status.REFUSED);
    assertThat(estimate(loose, "k").remaining()).as("the later rule took nothing").isEqualTo(4);

    // A rule in shadow mode refuses nothing: the next rule still decides.
    Step shadow = new Step(Step.Kind.TAKE, tight, "k", 1, null, false, false);
    assertThat(store.decide(List.of(shadow, Step.take(loose, "k", 1)))).extracting(Answer::status).containsExactly(Answer.Status.REFUSED, Answer.Status.ALLOWED);
    assertThat(estimate(loose, "k").remaining()).isEqualTo(3);

    // A blocked key ends them whatever the step says.
    Step.PenaltyBox box = box(1, 50);
    one(new Step(Step.Kind.COUNT_FAILURE, tight, "b", 0, box, false, false));
    one(new Step(Step.Kind.COUNT_FAILURE, tight, "b", 0, box, false, false));
    assertThat(store.decide(List.of(new Step(Step.Kind.CHECK_BLOCK, tight, "b", 0, box, false, false), Step.take(loose, "b", 1))))
        .extracting(Answer::status)
        .containsExactly(Answer.Status.BLOCKED);
    assertThat(estimate(loose, "b").remaining()).isEqualTo(5);
  }

  @Test
  void concurrentRequestsNeverGetPastTheLimit() throws Exception {
    BucketShape shape = shape(100, 1000);
    int threads = 8;
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(() -> {
            start.await();
            for (int i = 0; i < 40; i++) {
              try {
                if (take(shape, "hot", 1).allowed()) {
                  admitted.incrementAndGet();
                }
              } catch (StoreUnavailableException e) {
                unavailable.incrementAndGet();
              }
            }
            return null;
          }));
    }
    start.countDown();
    for (var future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(admitted.get()).as("320 requests against 100 tokens").isLessThanOrEqualTo(100);
    assertThat(admitted.get() + unavailable.get()).as("and none lost while the store answered").isGreaterThanOrEqualTo(100);
  }

  @Test
  void anOutageIsAnExceptionWithinTheTimeoutAndTheStoreAnswersAgainAfterIt() throws Exception {
    BucketShape shape = shape(2, 1000);
    take(shape, "k", 1);
    outage();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> take(shape, "k", 1)).isInstanceOf(StoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait past the timeout").isLessThan(Duration.ofSeconds(3));
      await().atMost(Duration.ofSeconds(5)).until(() -> store.problem().isPresent());
    } finally {
      recover();
    }
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> store.check() >= 0 && estimate(shape, "again") != null);
    assertThat(take(shape, "fresh", 1).allowed()).isTrue();
  }
}
