package dev.bulwark.examples.notes;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A notes store for the health tests that can be switched to failing (it throws, with a message
 * that must never reach a probe's answer) or hanging (it answers a minute late, or as soon as it is
 * healed, like a database that comes back and lets the waiting query finish). It really throws and
 * really blocks the calling thread: the probes see exactly what a broken dependency does.
 */
public final class FlakyStore implements StoreCheck {

  /** What the store does when checked. */
  public enum Mode {
    /** Answers at once. */
    HEALTHY,
    /** Throws. */
    FAILING,
    /** Blocks far beyond any health timeout. */
    HANGING
  }

  /** A secret that a failure's message carries, so tests can prove it never leaks. */
  public static final String SECRET = "password=hunter2@db.internal:5432";

  private final NoteStore store = NoteStore.withSampleNotes();
  private Mode mode = Mode.HEALTHY;
  private int hangs;

  /** Switches what the next checks do; healing also releases checks that hang. */
  public synchronized void set(Mode mode) {
    this.mode = mode;
    notifyAll();
  }

  /** How many checks have started to hang so far. */
  public synchronized int hangs() {
    return hangs;
  }

  @Override
  public synchronized Map<String, Object> check() {
    if (mode == Mode.FAILING) {
      throw new IllegalStateException("connection refused: " + SECRET);
    }
    if (mode == Mode.HANGING) {
      hangs++;
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      try {
        while (mode == Mode.HANGING && System.nanoTime() < until) {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    return store.ping();
  }
}
