package dev.bulwark.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A few client threads that hammer an example app with plain GETs while a test breaks its
 * dependencies, recording every answer with when it started and ended: a fault test then checks
 * what each answer was in each phase and that none took too long. A request that fails at the
 * connection is recorded with its exception's type, never dropped.
 */
public final class FaultLoad implements AutoCloseable {

  /** Where a request goes: a name for the report (such as the rule it exercises), a URI, headers. */
  public record Target(String name, URI uri, String... headers) {}

  /** One answer: {@code status} 0 and {@code error} set when no HTTP answer came. */
  public record Sample(Target target, long startNanos, long endNanos, int status, String error) {

    /** How long the request took. */
    public long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    /** Whether the request started at or after a moment and ended at or before another. */
    public boolean within(long fromNanos, long toNanos) {
      return startNanos >= fromNanos && endNanos <= toNanos;
    }

    @Override
    public String toString() {
      return target.name() + " " + target.uri().getPath() + " -> " + (error == null ? status : error) + " in " + millis() + " ms";
    }
  }

  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private FaultLoad(int threadCount, List<Target> targets, long pauseMillis) {
    for (int t = 0; t < threadCount; t++) {
      int offset = t;
      Thread thread =
          new Thread(
              () -> {
                for (long i = offset; running; i++) {
                  Target target = targets.get((int) (i % targets.size()));
                  long start = System.nanoTime();
                  try {
                    HttpResponse<String> response = Http.get(target.uri(), target.headers());
                    samples.add(new Sample(target, start, System.nanoTime(), response.statusCode(), null));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (Exception e) {
                    samples.add(new Sample(target, start, System.nanoTime(), 0, e.getClass().getSimpleName()));
                  }
                  if (pauseMillis > 0) {
                    try {
                      Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              },
              "fault-load-" + t);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  /**
   * Starts the load.
   *
   * @param threadCount how many client threads
   * @param pauseMillis how long each waits between requests, to leave a small CI machine some air
   * @param targets where they send requests, in turn
   */
  public static FaultLoad start(int threadCount, long pauseMillis, List<Target> targets) {
    FaultLoad load = new FaultLoad(threadCount, List.copyOf(targets), pauseMillis);
    load.threads.forEach(Thread::start);
    return load;
  }

  /** Every answer so far. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The answers so far that match. */
  public List<Sample> samples(Predicate<Sample> filter) {
    return samples.stream().filter(filter).toList();
  }

  /**
   * What a Redis fault test asserts over every answer, with targets named {@code open} (a
   * fail-open rule) and {@code closed} (a fail-closed rule): every request got an HTTP answer
   * within {@code bound}; the open rule always allowed; the closed rule answered only 200, 429 (over
   * its limit) or 503 (the limiter could not decide), refused every request that fell inside an outage
   * with a 503 (each outage from when it showed to when Redis
   * came back), and allowed again after {@code recoveredNanos}. Adds the count and the slowest
   * request to the report first.
   */
  public void assertPoliciesHeld(Duration bound, long recoveredNanos, List<String> report, long[]... outages) {
    List<Sample> all = samples();
    report.add(all.size() + " requests under load, slowest " + all.stream().mapToLong(Sample::millis).max().orElse(0) + " ms");
    assertThat(all.stream().filter(s -> s.error() != null).toList()).as("every request got an answer").isEmpty();
    assertThat(all.stream().filter(s -> s.millis() >= bound.toMillis()).toList())
        .as("no request hangs past the Redis timeout and a margin").isEmpty();
    assertThat(all.stream().filter(s -> s.target().name().equals("open") && s.status() != 200).toList())
        .as("the fail-open rule allows every request, whatever Redis does").isEmpty();
    assertThat(
            all.stream()
                .filter(s -> s.target().name().equals("closed") && s.status() != 200 && s.status() != 429 && s.status() != 503)
                .toList())
        .as("the fail-closed rule answers 200, 429 or 503, never a 500").isEmpty();
    for (long[] outage : outages) {
      List<Sample> during = samples(s -> s.target().name().equals("closed") && s.within(outage[0], outage[1]));
      assertThat(during).as("requests to the fail-closed rule during the outage").hasSizeGreaterThan(5);
      assertThat(during.stream().filter(s -> s.status() != 503).toList())
          .as("the fail-closed rule refuses while Redis is away, with 503: the limiter, not the client, is the cause").isEmpty();
    }
    assertThat(samples(s -> s.target().name().equals("closed") && s.startNanos() > recoveredNanos && s.status() == 200))
        .as("the fail-closed rule allows again once Redis is back").isNotEmpty();
  }

  /**
   * Polls several conditions at once, each every 50 ms, until each holds; returns, by name, how
   * many milliseconds after a moment (such as the fault) each first held. Fails naming those that
   * did not hold within the bound. Polled side by side so that one slow condition does not delay
   * another's figure.
   */
  public static Map<String, Long> whenTrue(long sinceNanos, Duration atMost, Map<String, Callable<Boolean>> conditions) {
    long deadline = System.nanoTime() + atMost.toNanos();
    Map<String, CompletableFuture<Long>> watches = new LinkedHashMap<>();
    conditions.forEach(
        (name, condition) ->
            watches.put(
                name,
                CompletableFuture.supplyAsync(
                    () -> {
                      while (System.nanoTime() < deadline) {
                        try {
                          if (condition.call()) {
                            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
                          }
                          Thread.sleep(50);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return -1L;
                        } catch (Exception e) {
                          // Not yet: a probe that failed at the connection is polled again.
                        }
                      }
                      return -1L;
                    },
                    runnable -> {
                      Thread thread = new Thread(runnable, "fault-watch-" + name);
                      thread.setDaemon(true);
                      thread.start();
                    })));
    Map<String, Long> took = new LinkedHashMap<>();
    List<String> missed = new ArrayList<>();
    watches.forEach(
        (name, watch) -> {
          long millis = watch.join();
          took.put(name, millis);
          if (millis < 0) {
            missed.add(name);
          }
        });
    if (!missed.isEmpty()) {
      throw new AssertionError("not within " + atMost.toMillis() + " ms: " + missed);
    }
    return took;
  }

  /** Stops the threads; each finishes the request it is in (bounded by the client's timeout). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
