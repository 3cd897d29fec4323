package dev.bulwark.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.health.CheckExecutor.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckExecutorTest {

  private static final long TIMEOUT = Duration.ofMillis(300).toNanos();

  private final CheckExecutor executor = new CheckExecutor("test-health-", 2);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger runs = new AtomicInteger();

  @AfterEach
  void close() {
    release.countDown();
    executor.close();
  }

  private CheckExecutor.Slot<String> hanging() {
    return executor.slot(() -> {
      runs.incrementAndGet();
      release.await(60, TimeUnit.SECONDS);
      return "late";
    });
  }

  private static long millisOf(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void aHungCheckHoldsOneThreadAndLaterProbesAnswerAtOnce() {
    CheckExecutor.Slot<String> slot = hanging();
    List<Outcome<String>> outcomes = new ArrayList<>();
    long first = millisOf(() -> outcomes.add(slot.call(TIMEOUT)));
    assertThat(outcomes.get(0)).isInstanceOf(Outcome.TimedOut.class);
    assertThat(first).as("the first probe waits the timeout, not the hang").isBetween(250L, 2_000L);

    for (int i = 0; i < 20; i++) {
      long later = millisOf(() -> outcomes.add(slot.call(TIMEOUT)));
      assertThat(later).as("an overdue run answers at once").isLessThan(250L);
    }
    assertThat(outcomes).allMatch(outcome -> outcome instanceof Outcome.TimedOut);
    assertThat(((Outcome.TimedOut<String>) outcomes.get(20)).runningNanos()).isGreaterThanOrEqualTo(TIMEOUT);
    assertThat(runs.get()).as("never started a second run while the first hangs").isEqualTo(1);
    assertThat(executor.threads()).isEqualTo(1);
  }

  @Test
  void aCheckThatComesBackIsRunAfreshAndAnswers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch firstHangs = new CountDownLatch(1);
    CheckExecutor.Slot<String> slot = executor.slot(() -> {
      if (calls.incrementAndGet() == 1) {
        firstHangs.await(60, TimeUnit.SECONDS);
        return "late";
      }
      return "fresh";
    });
    assertThat(slot.call(TIMEOUT)).isInstanceOf(Outcome.TimedOut.class);
    firstHangs.countDown();
    // The late run finishes; the next probe starts a new one.
    Outcome<String> next;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    do {
      next = slot.call(TIMEOUT);
    } while (!(next instanceof Outcome.Done<String> done && done.value().equals("fresh")) && System.nanoTime() < deadline);
    assertThat(next).isEqualTo(new Outcome.Done<>("fresh"));
  }

  @Test
  void concurrentProbesShareOneRun() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CheckExecutor.Slot<String> slot = executor.slot(() -> {
      runs.incrementAndGet();
      gate.await(5, TimeUnit.SECONDS);
      return "ok";
    });
    ExecutorService probes = Executors.newFixedThreadPool(4);
    try {
      List<Future<Outcome<String>>> answers = new ArrayList<>();
      CountDownLatch probing = new CountDownLatch(4);
      for (int i = 0; i < 4; i++) {
        answers.add(probes.submit(() -> {
          probing.countDown();
          return slot.call(TimeUnit.SECONDS.toNanos(5));
        }));
      }
      // Every probe must be waiting on the run before it ends: one that arrives later may start a
      // second run, which is right, but not what this test is about.
      assertThat(probing.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      gate.countDown();
      for (Future<Outcome<String>> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(new Outcome.Done<>("ok"));
      }
    } finally {
      probes.shutdownNow();
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void whenEveryThreadHangsFurtherChecksAreBusyNotQueued() {
    CheckExecutor.Slot<String> one = hanging();
    CheckExecutor.Slot<String> two = hanging();
    CheckExecutor.Slot<String> three = executor.slot(() -> "ok");
    one.start();
    two.start();
    long millis = millisOf(() -> assertThat(three.call(TIMEOUT)).isInstanceOf(Outcome.Busy.class));
    assertThat(millis).isLessThan(250L);
    assertThat(executor.threads()).isEqualTo(2);
  }

  @Test
  void aThrowingCheckFailsWithItsException() {
    IllegalStateException boom = new IllegalStateException("boom");
    Outcome<String> outcome = executor.<String>slot(() -> {
      throw boom;
    }).call(TIMEOUT);
    assertThat(outcome).isEqualTo(new Outcome.Failed<String>(boom));
  }
}
