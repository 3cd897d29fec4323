package dev.bulwark.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a bounded number of log lines through per window, so events an attacker can trigger at will
 * (violation reports, rejections) can never flood the log. Thread-safe, allocation-free.
 */
public final class LogThrottle {

  private final long windowNanos;
  private final int perWindow;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * @param perWindow how many lines may pass per window
   * @param windowNanos the window's length
   */
  public LogThrottle(int perWindow, long windowNanos) {
    this.perWindow = perWindow;
    this.windowNanos = windowNanos;
  }

  /** At most ten lines a minute. */
  public static LogThrottle tenPerMinute() {
    return new LogThrottle(10, 60_000_000_000L);
  }

  /** Returns whether a line may be logged now; counts it as suppressed when not. */
  public boolean tryAcquire() {
    long now = System.nanoTime();
    long start = windowStart.get();
    if (now - start > windowNanos && windowStart.compareAndSet(start, now)) {
      inWindow.set(0);
    }
    if (inWindow.incrementAndGet() <= perWindow) {
      return true;
    }
    suppressed.incrementAndGet();
    return false;
  }

  /** Returns and clears the number of lines suppressed since the last call, to mention in the next line. */
  public long drainSuppressed() {
    return suppressed.getAndSet(0);
  }
}
