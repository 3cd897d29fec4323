package dev.bulwark.ratelimit.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests each client has in progress on this instance, with a ceiling. Rate limits count
 * requests over time; they do not bound how many request threads one client holds at once, which
 * is what a client trickling bodies exhausts. Thread-safe and lock-free on the request path: a
 * client's counter is found with a plain read and moved with one atomic add, so the requests of one
 * busy address do not queue on a map lock.
 *
 * <p>Counters of clients with nothing in progress are dropped once there are more than {@code
 * sweepAbove} of them, so the map stays bounded by the clients recently active. A request that
 * picked up a counter just as it was dropped counts on the dropped one: the ceiling can then be
 * exceeded by that request, never more.
 */
public final class ConcurrencyLimit {

  private final int max;
  private final int sweepAbove;
  private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

  public ConcurrencyLimit(int max) {
    this(max, 10_000);
  }

  ConcurrencyLimit(int max, int sweepAbove) {
    this.max = max;
    this.sweepAbove = sweepAbove;
  }

  /** Counts a request in, unless the client is at the ceiling; returns whether it was counted. */
  public boolean tryEnter(String client) {
    AtomicInteger count = inProgress.get(client);
    if (count == null) {
      if (inProgress.size() > sweepAbove) {
        inProgress.values().removeIf(c -> c.get() == 0);
      }
      count = inProgress.computeIfAbsent(client, key -> new AtomicInteger());
    }
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Counts a request out; call once for every successful {@link #tryEnter}. */
  public void exit(String client) {
    AtomicInteger count = inProgress.get(client);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  /** Returns how many clients have a counter now. */
  int trackedClients() {
    return inProgress.size();
  }

  /** Returns how many requests a client has in progress. */
  public int inProgress(String client) {
    AtomicInteger count = inProgress.get(client);
    return count == null ? 0 : count.get();
  }
}
