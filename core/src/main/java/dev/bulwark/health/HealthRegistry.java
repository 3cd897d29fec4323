package dev.bulwark.health;

import dev.bulwark.health.CheckExecutor.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health checks by group, each with its own timeout and optional caching. Checks of a group run in
 * parallel on a small bounded pool of daemon threads; a check that does not answer within its
 * timeout is DOWN, so a probe always answers in about the longest timeout of its group. A check
 * never runs twice at the same time: while one run hangs, later probes wait only for what is left
 * of that run's timeout (nothing, once it is overdue), so a dependency that hangs forever holds one
 * thread, not one per probe. Thread-safe.
 *
 * <pre>{@code
 * registry.register("database", () -> { dataSource.getConnection().close(); return HealthResult.up(); },
 *     Duration.ofSeconds(1), Duration.ofSeconds(5), HealthGroup.READINESS);
 * }</pre>
 */
public final class HealthRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

  /** At most this many checks run at the same time; more are DOWN without starting. */
  static final int MAX_THREADS = 8;

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  private final CheckExecutor executor = new CheckExecutor("bulwark-health-", MAX_THREADS);
  private final Duration defaultTimeout;
  private volatile boolean started;

  private static final class Registration {
    final String name;
    final long timeoutNanos;
    final long cacheNanos;
    final Set<HealthGroup> groups;
    final CheckExecutor.Slot<HealthResult> slot;
    volatile HealthResult cached;
    volatile long cachedAt;
    /** The status last logged about; {@code null} until the first result. */
    final AtomicReference<HealthStatus> logged = new AtomicReference<>();

    Registration(String name, HealthCheck check, Duration timeout, Duration cacheFor, Set<HealthGroup> groups, CheckExecutor executor) {
      this.name = name;
      this.timeoutNanos = timeout.toNanos();
      this.cacheNanos = cacheFor.toNanos();
      this.groups = groups;
      this.slot = executor.slot(() -> invoke(this, check));
    }
  }

  /** Creates an empty registry whose checks default to a timeout of one second. */
  public HealthRegistry() {
    this(Duration.ofSeconds(1));
  }

  /**
   * Creates an empty registry.
   *
   * @param defaultTimeout the timeout of checks registered without one ({@code bulwark.health.timeout})
   */
  public HealthRegistry(Duration defaultTimeout) {
    this.defaultTimeout = positive(defaultTimeout);
  }

  /**
   * Registers a check with the registry's default timeout and no caching.
   *
   * @param name a short name shown in the report
   * @param check the check
   * @param groups the groups it belongs to (readiness when none); liveness checks must not do I/O
   */
  public HealthRegistry register(String name, HealthCheck check, HealthGroup... groups) {
    return register(name, check, defaultTimeout, Duration.ZERO, groups);
  }

  /**
   * Registers a check.
   *
   * @param name a short name shown in the report
   * @param check the check
   * @param timeout how long it may take before it counts as DOWN
   * @param cacheFor how long a result is reused, for expensive checks ({@link Duration#ZERO} for
   *     none); a running check is never started twice
   * @param groups the groups it belongs to (readiness when none); liveness checks must not do I/O
   */
  public HealthRegistry register(
      String name, HealthCheck check, Duration timeout, Duration cacheFor, HealthGroup... groups) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("health check names are 1 to 64 of A-Z a-z 0-9 _ . -");
    }
    Set<HealthGroup> set = groups.length == 0 ? EnumSet.of(HealthGroup.READINESS) : EnumSet.of(groups[0], groups);
    registrations.add(new Registration(name, check, positive(timeout), cacheFor, set, executor));
    return this;
  }

  private static Duration positive(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return timeout;
  }

  /** Marks start-up as finished: the startup group turns UP. */
  public void markStarted() {
    started = true;
  }

  /** Checks a group. Never takes much longer than the group's longest timeout. */
  public HealthReport check(HealthGroup group) {
    List<Registration> selected = new ArrayList<>();
    for (Registration registration : registrations) {
      if (group == HealthGroup.HEALTH || registration.groups.contains(group)) {
        selected.add(registration);
      }
    }
    Map<String, HealthResult> results = new LinkedHashMap<>();
    if (group == HealthGroup.STARTUP) {
      results.put("started", started ? HealthResult.up() : HealthResult.down("starting"));
    }
    // Start every check first, then collect: the checks of a group run in parallel.
    long now = System.nanoTime();
    List<CheckExecutor.Run<HealthResult>> runs = new ArrayList<>();
    for (Registration registration : selected) {
      HealthResult cached = registration.cached;
      boolean fresh = cached != null && registration.cacheNanos > 0 && now - registration.cachedAt < registration.cacheNanos;
      runs.add(fresh ? null : registration.slot.start());
    }
    for (int i = 0; i < selected.size(); i++) {
      Registration registration = selected.get(i);
      CheckExecutor.Run<HealthResult> run = runs.get(i);
      results.put(registration.name, run == null ? registration.cached : result(registration, run.await(registration.timeoutNanos)));
    }
    HealthStatus status = HealthStatus.UP;
    for (HealthResult result : results.values()) {
      if (result.status() == HealthStatus.DOWN) {
        status = HealthStatus.DOWN;
      }
    }
    return new HealthReport(status, results);
  }

  private static HealthResult result(Registration registration, Outcome<HealthResult> outcome) {
    HealthResult result;
    if (outcome instanceof Outcome.Done<HealthResult> done) {
      result = done.value();
    } else if (outcome instanceof Outcome.TimedOut) {
      result = HealthResult.down("timed out after " + millis(registration) + " ms");
    } else if (outcome instanceof Outcome.Busy) {
      result = HealthResult.down("not run: every health-check thread is busy");
    } else {
      result = HealthResult.down("failed");
    }
    logChange(registration, result);
    return result;
  }

  /**
   * Logs a check's status when it changes (and a first DOWN), never on every probe: probes come
   * every few seconds from each of several probers, and a failing dependency would otherwise
   * write the same line many times a second. The compare-and-set makes concurrent probes that see
   * the same change log it once.
   */
  private static void logChange(Registration registration, HealthResult result) {
    HealthStatus status = result.status();
    HealthStatus previous = registration.logged.get();
    if (previous == status || !registration.logged.compareAndSet(previous, status)) {
      return;
    }
    if (status == HealthStatus.DOWN) {
      LOG.warn("Health check '{}' is DOWN: {}", registration.name, result.details().getOrDefault("reason", "no reason given"));
    } else if (previous != null) {
      LOG.info("Health check '{}' is UP again", registration.name);
    }
  }

  private static long millis(Registration registration) {
    return TimeUnit.NANOSECONDS.toMillis(registration.timeoutNanos);
  }

  private static HealthResult invoke(Registration registration, HealthCheck check) {
    HealthResult result;
    try {
      result = check.check();
      if (result == null) {
        result = HealthResult.up();
      }
    } catch (Exception e) {
      // The exception's message may hold hosts or credentials: only its type is reported, and it
      // is logged when the check turns DOWN, not on every failing run.
      result = HealthResult.down("failed: " + e.getClass().getSimpleName());
    }
    registration.cached = result;
    registration.cachedAt = System.nanoTime();
    return result;
  }

  @Override
  public void close() {
    executor.close();
  }
}
