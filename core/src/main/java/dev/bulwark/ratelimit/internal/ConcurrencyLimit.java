package dev.bulwark.ratelimit.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests each client has in progress on this instance, with a ceiling. Rate limits count
 * requests over time; they do not bound how many request threads one client holds at once, which
 * is what a client trickling bodies exhausts. Only clients with a request in progress are held, so
 * the map is bounded by the server's threads. Thread-safe.
 */
public final class ConcurrencyLimit {

  private final int max;
  private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

  public ConcurrencyLimit(int max) {
    this.max = max;
  }

  /** Counts a request in, unless the client is at the ceiling; returns whether it was counted. */
  public boolean tryEnter(String client) {
    boolean[] entered = new boolean[1];
    inProgress.compute(
        client,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (current >= max) {
            return count;
          }
          entered[0] = true;
          return current + 1;
        });
    return entered[0];
  }

  /** Counts a request out; call once for every successful {@link #tryEnter}. */
  public void exit(String client) {
    inProgress.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** Returns how many requests a client has in progress. */
  public int inProgress(String client) {
    Integer count = inProgress.get(client);
    return count == null ? 0 : count;
  }
}
