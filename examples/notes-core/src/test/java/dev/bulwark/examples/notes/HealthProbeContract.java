package dev.bulwark.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.FlakyStore.Mode;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probes of an example app over real HTTP while its one dependency, the notes store, is
 * healthy, failing or hanging. Each app's test implements this interface (next to extending {@link
 * NotesAppContract}, so no second app is started), runs the app on {@link #store()} and says where
 * its probes are.
 */
public interface HealthProbeContract {

  /**
   * How long a probe may take at most: the apps' health timeout (1 s) plus a generous margin for a
   * slow, shared CI machine. A correctness bound, not a benchmark: without the timeout a probe
   * would take the store's full minute.
   */
  Duration BOUND = Duration.ofSeconds(1).plusSeconds(2);

  /** Returns the URI of a path on the running app. */
  URI uri(String path);

  /** The store the running app checks. */
  FlakyStore store();

  /** The liveness probe's path. */
  String livenessPath();

  /** The readiness probe's path. */
  String readinessPath();

  @AfterEach
  default void healTheStore() throws Exception {
    store().set(Mode.HEALTHY);
    readinessReturnsTo(200);
  }

  /** GETs a probe anonymously and checks it answered within {@link #BOUND}. */
  private HttpResponse<String> probe(String path) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(uri(path));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(millis).as("%s answered in %d ms", path, millis).isLessThan(BOUND.toMillis());
    return response;
  }

  /** Polls readiness until it answers the status, for at most ten seconds. */
  private void readinessReturnsTo(int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last;
    do {
      last = probe(readinessPath()).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(last).as("readiness after the store healed").isEqualTo(status);
  }

  @Test
  default void healthyProbesAreUpAndShowAnonymousCallersTheStatusOnly() throws Exception {
    for (String path : new String[] {livenessPath(), readinessPath()}) {
      HttpResponse<String> response = probe(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  default void aFailingStoreTakesReadinessDownButNotLivenessAndItsMessageNeverLeaks() throws Exception {
    store().set(Mode.FAILING);
    HttpResponse<String> ready = probe(readinessPath());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}").doesNotContain("hunter2");
    HttpResponse<String> live = probe(livenessPath());
    assertThat(live.statusCode()).as("liveness does no I/O: the process need not restart").isEqualTo(200);

    store().set(Mode.HEALTHY);
    readinessReturnsTo(200);
  }

  @Test
  default void fiftyConcurrentProbesAllAnswerWithinTheTimeoutWhileTheStoreHangs() throws Exception {
    // The default rate limit allows bursts of 100 per address: let this client's bucket refill.
    Thread.sleep(1000);
    int hungBefore = store().hangs();
    store().set(Mode.HANGING);
    int readiness = 40;
    int liveness = 10;
    ExecutorService probers = Executors.newFixedThreadPool(readiness + liveness);
    try {
      CountDownLatch go = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < readiness + liveness; i++) {
        String path = i < readiness ? readinessPath() : livenessPath();
        answers.add(probers.submit(() -> {
          go.await();
          long start = System.nanoTime();
          HttpResponse<String> answer = probe(path);
          slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
          return answer;
        }));
      }
      go.countDown();
      for (int i = 0; i < answers.size(); i++) {
        // probe() fails any answer slower than BOUND; the wait here only keeps a hang from stalling the build.
        HttpResponse<String> answer = answers.get(i).get(BOUND.toSeconds() + 30, TimeUnit.SECONDS);
        if (i < readiness) {
          assertThat(answer.statusCode()).as("readiness probe %d", i).isEqualTo(503);
          assertThat(answer.body()).isEqualTo("{\"status\":\"DOWN\"}");
        } else {
          assertThat(answer.statusCode()).as("liveness probe %d does no I/O", i).isEqualTo(200);
        }
      }
      System.out.println("[probes] 50 concurrent probes while the store hangs, slowest " + TimeUnit.NANOSECONDS.toMillis(slowest.get()) + " ms");
    } finally {
      probers.shutdownNow();
    }
    assertThat(store().hangs() - hungBefore).as("fifty probes, one hung check: none waits behind another's").isEqualTo(1);
  }

  @Test
  default void aHangingStoreTakesReadinessDownWithinTheTimeoutAndRecovers() throws Exception {
    // Other tests share the store and may have hung it before: count this test's hangs only.
    int hungBefore = store().hangs();
    store().set(Mode.HANGING);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ready = probe(readinessPath());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }
    assertThat(store().hangs() - hungBefore).as("later probes do not pile up threads behind the hung check").isEqualTo(1);
    HttpResponse<String> live = probe(livenessPath());
    assertThat(live.statusCode()).isEqualTo(200);

    store().set(Mode.HEALTHY);
    readinessReturnsTo(200);
    assertThat(probe(readinessPath()).body()).isEqualTo("{\"status\":\"UP\"}");
  }
}
