package dev.bulwark.health;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs health checks with a timeout on a small bounded pool of daemon threads, so the thread that
 * answers a probe never waits longer than the timeout for a dependency.
 *
 * <p>Why the bounds hold even when a dependency hangs forever: each check has one {@link Slot}, and
 * a slot never starts a second run while one is still in flight. A probe that finds its check's run
 * overdue answers at once instead of queueing behind it, so a hung check holds at most one thread,
 * and the pool (no queue, at most {@code maxThreads}) cannot grow without limit. Runs are not
 * interrupted on timeout: interrupting a thread inside NIO closes the channel it reads from (a
 * pooled connection, an embedded database's file), which would turn a slow dependency into a broken
 * one. Idle threads end after a minute.
 */
public final class CheckExecutor implements AutoCloseable {

  private final ThreadPoolExecutor pool;

  /**
   * @param threadPrefix the name of the threads, followed by a number
   * @param maxThreads at most this many checks run at the same time; a check started beyond that
   *     is {@link Outcome.Busy}
   */
  public CheckExecutor(String threadPrefix, int maxThreads) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            maxThreads,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, threadPrefix + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Returns the slot of one check, which keeps its runs to one at a time. */
  public <T> Slot<T> slot(Callable<T> check) {
    return new Slot<>(this, check);
  }

  /** The number of threads alive now, busy or idle: for tests of the bounds. */
  public int threads() {
    return pool.getPoolSize();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** How a run ended, as far as the waiting probe knows. */
  public sealed interface Outcome<T> {
    /** The check answered in time. */
    record Done<T>(T value) implements Outcome<T> {}

    /** The check threw in time. */
    record Failed<T>(Throwable error) implements Outcome<T> {}

    /**
     * The check did not answer within the timeout; it may still be running.
     *
     * @param runningNanos how long its run had been going when the probe gave up: much more than
     *     the timeout when an earlier probe started it and it is stuck
     */
    record TimedOut<T>(long runningNanos) implements Outcome<T> {}

    /** Every thread is busy with other checks: nothing was started. */
    record Busy<T>() implements Outcome<T> {}
  }

  /** One check: at most one run in flight. Thread-safe. */
  public static final class Slot<T> {
    private final CheckExecutor executor;
    private final Callable<T> check;
    private Run<T> current;

    private Slot(CheckExecutor executor, Callable<T> check) {
      this.executor = executor;
      this.check = check;
    }

    /**
     * Starts a run, or returns the one still in flight: a probe that arrives while a run is going
     * waits for that run (never longer than its timeout allows), never for a new one behind it.
     */
    public synchronized Run<T> start() {
      if (current != null && !current.result.isDone()) {
        return current;
      }
      Run<T> run = new Run<>(check, System.nanoTime());
      try {
        executor.pool.execute(run::execute);
      } catch (RejectedExecutionException e) {
        return Run.busy();
      }
      current = run;
      return run;
    }

    /** Starts a run (or joins the one in flight) and waits for it at most {@code timeoutNanos}. */
    public Outcome<T> call(long timeoutNanos) {
      return start().await(timeoutNanos);
    }
  }

  /** One execution of a check. */
  public static final class Run<T> {
    private final Callable<T> check;
    private final long startedNanos;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final boolean busy;

    private Run(Callable<T> check, long startedNanos) {
      this.check = check;
      this.startedNanos = startedNanos;
      this.busy = false;
    }

    private Run() {
      this.check = null;
      this.startedNanos = System.nanoTime();
      this.busy = true;
    }

    private static <T> Run<T> busy() {
      return new Run<>();
    }

    private void execute() {
      // The result completes only when the check returns, so the slot sees the run in flight
      // for exactly as long as it holds a thread.
      try {
        result.complete(check.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }

    /**
     * Waits for the result until the run has gone on for {@code timeoutNanos}: a run that an
     * earlier probe started and that is already overdue answers at once.
     */
    public Outcome<T> await(long timeoutNanos) {
      if (busy) {
        return new Outcome.Busy<>();
      }
      long remaining = startedNanos + timeoutNanos - System.nanoTime();
      try {
        if (remaining <= 0 && !result.isDone()) {
          return new Outcome.TimedOut<>(System.nanoTime() - startedNanos);
        }
        return new Outcome.Done<>(result.get(Math.max(0, remaining), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        return new Outcome.TimedOut<>(System.nanoTime() - startedNanos);
      } catch (ExecutionException e) {
        return new Outcome.Failed<>(e.getCause());
      } catch (InterruptedException e) {
        // The probe's own thread was interrupted (the server is stopping): give up, keep the flag.
        Thread.currentThread().interrupt();
        return new Outcome.TimedOut<>(System.nanoTime() - startedNanos);
      }
    }
  }
}
