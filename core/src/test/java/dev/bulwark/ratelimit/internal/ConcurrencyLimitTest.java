package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  @Test
  void aClientGetsAtMostTheCeilingAndEveryExitFreesAPlace() {
    ConcurrencyLimit limit = new ConcurrencyLimit(3);
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isFalse();
    assertThat(limit.tryEnter("b")).as("another client has its own ceiling").isTrue();
    limit.exit("a");
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.inProgress("a")).isEqualTo(3);
  }

  @Test
  void concurrentRequestsOfOneClientNeverExceedTheCeiling() throws Exception {
    ConcurrencyLimit limit = new ConcurrencyLimit(5);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      work.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                  if (limit.tryEnter("a")) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    limit.exit("a");
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();
    assertThat(most.get()).isLessThanOrEqualTo(5).isPositive();
    assertThat(limit.inProgress("a")).isZero();
  }

  @Test
  void idleClientsAreSweptSoTheMapStaysBoundedButBusyOnesAreKept() {
    ConcurrencyLimit limit = new ConcurrencyLimit(1, 100);
    assertThat(limit.tryEnter("busy")).isTrue();
    for (int i = 0; i < 10_000; i++) {
      String client = "c" + i;
      assertThat(limit.tryEnter(client)).isTrue();
      limit.exit(client);
    }
    assertThat(limit.trackedClients()).isLessThanOrEqualTo(102);
    assertThat(limit.tryEnter("busy")).as("a client with a request in progress keeps its count").isFalse();
  }
}
