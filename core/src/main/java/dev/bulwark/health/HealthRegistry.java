package dev.bulwark.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health checks by group, each with its own timeout and optional caching. Checks of a group run in
 * parallel on a small daemon pool; a check that does not answer within its timeout is DOWN, so a
 * probe always answers in about the longest timeout of its group. Thread-safe.
 *
 * <pre>{@code
 * registry.register("database", () -> { dataSource.getConnection().close(); return HealthResult.up(); },
 *     Duration.ofSeconds(1), Duration.ofSeconds(5), HealthGroup.READINESS);
 * }</pre>
 */
public final class HealthRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  private final ExecutorService pool;
  private volatile boolean started;

  private static final class Registration {
    final String name;
    final HealthCheck check;
    final long timeoutNanos;
    final long cacheNanos;
    final Set<HealthGroup> groups;
    volatile HealthResult cached;
    volatile long cachedAt;
    volatile CompletableFuture<HealthResult> running;

    Registration(String name, HealthCheck check, Duration timeout, Duration cacheFor, Set<HealthGroup> groups) {
      this.name = name;
      this.check = check;
      this.timeoutNanos = timeout.toNanos();
      this.cacheNanos = cacheFor.toNanos();
      this.groups = groups;
    }
  }

  /** Creates an empty registry with its own pool of (at most 4) daemon threads. */
  public HealthRegistry() {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "bulwark-health-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers a check.
   *
   * @param name a short name shown in the report
   * @param check the check
   * @param timeout how long it may take before it counts as DOWN
   * @param cacheFor how long a result is reused, for expensive checks ({@link Duration#ZERO} for
   *     none); a running check is never started twice
   * @param groups the groups it belongs to; liveness checks must not do I/O
   */
  public HealthRegistry register(
      String name, HealthCheck check, Duration timeout, Duration cacheFor, HealthGroup... groups) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("health check names are 1 to 64 of A-Z a-z 0-9 _ . -");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    Set<HealthGroup> set = groups.length == 0 ? EnumSet.of(HealthGroup.READINESS) : EnumSet.of(groups[0], groups);
    registrations.add(new Registration(name, check, timeout, cacheFor, set));
    return this;
  }

  /** Marks start-up as finished: the startup group turns UP. */
  public void markStarted() {
    started = true;
  }

  /** Checks a group. Never takes much longer than the group's longest timeout. */
  public HealthReport check(HealthGroup group) {
    List<Registration> selected = new ArrayList<>();
    for (Registration registration : registrations) {
      if (registration.groups.contains(group)) {
        selected.add(registration);
      }
    }
    Map<String, HealthResult> results = new LinkedHashMap<>();
    if (group == HealthGroup.STARTUP) {
      results.put("started", started ? HealthResult.up() : HealthResult.down("starting"));
    }
    long now = System.nanoTime();
    List<CompletableFuture<HealthResult>> futures = new ArrayList<>();
    for (Registration registration : selected) {
      futures.add(run(registration, now));
    }
    for (int i = 0; i < selected.size(); i++) {
      Registration registration = selected.get(i);
      long remaining = registration.timeoutNanos - (System.nanoTime() - now);
      results.put(registration.name, await(registration, futures.get(i), Math.max(0, remaining)));
    }
    HealthStatus status = HealthStatus.UP;
    for (HealthResult result : results.values()) {
      if (result.status() == HealthStatus.DOWN) {
        status = HealthStatus.DOWN;
      }
    }
    return new HealthReport(status, results);
  }

  private CompletableFuture<HealthResult> run(Registration registration, long now) {
    HealthResult cached = registration.cached;
    if (cached != null && registration.cacheNanos > 0 && now - registration.cachedAt < registration.cacheNanos) {
      return CompletableFuture.completedFuture(cached);
    }
    synchronized (registration) {
      CompletableFuture<HealthResult> running = registration.running;
      if (running != null && !running.isDone()) {
        return running;
      }
      CompletableFuture<HealthResult> started =
          CompletableFuture.supplyAsync(() -> invoke(registration), pool);
      registration.running = started;
      return started;
    }
  }

  private static HealthResult invoke(Registration registration) {
    HealthResult result;
    try {
      result = registration.check.check();
      if (result == null) {
        result = HealthResult.up();
      }
    } catch (Exception e) {
      // The exception's message may hold hosts or credentials: only its type is reported.
      LOG.warn("Health check '{}' failed: {}", registration.name, e.getClass().getName());
      result = HealthResult.down("failed: " + e.getClass().getSimpleName());
    }
    registration.cached = result;
    registration.cachedAt = System.nanoTime();
    return result;
  }

  private static HealthResult await(Registration registration, CompletableFuture<HealthResult> future, long nanos) {
    try {
      return future.get(nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return HealthResult.down("timed out after " + TimeUnit.NANOSECONDS.toMillis(registration.timeoutNanos) + "ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthResult.down("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      return HealthResult.down("failed");
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
