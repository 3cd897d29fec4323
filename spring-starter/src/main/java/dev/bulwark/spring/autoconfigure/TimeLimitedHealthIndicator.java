package dev.bulwark.spring.autoconfigure;

import dev.bulwark.health.internal.CheckExecutor;
import dev.bulwark.health.internal.CheckExecutor.Outcome;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * An Actuator health indicator with a timeout (Actuator has none: spring-boot#43449). The indicator
 * runs on Bulwark's small health pool; when it does not answer in time the probe gets DOWN with
 * {@code {"error":"timed out after 1000 ms"}} and the run goes on in the background. While that run
 * is still going, later probes do not start another: they wait only for what is left of its
 * timeout, so a dependency that hangs forever holds one thread and costs each later probe nothing.
 * An exception is DOWN with the exception's type only: its message may hold hosts or credentials.
 */
final class TimeLimitedHealthIndicator implements HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedHealthIndicator.class);

  private final String name;
  private final HealthIndicator delegate;
  private final long timeoutNanos;
  private final CheckExecutor.Slot<Health> slot;
  private volatile boolean timedOut;

  TimeLimitedHealthIndicator(String name, HealthIndicator delegate, long timeoutNanos, CheckExecutor executor) {
    this.name = name;
    this.delegate = delegate;
    this.timeoutNanos = timeoutNanos;
    this.slot = executor.slot(delegate::health);
  }

  /** The indicator this one guards. */
  HealthIndicator delegate() {
    return delegate;
  }

  @Override
  public Health health() {
    Outcome<Health> outcome = slot.call(timeoutNanos);
    boolean late = outcome instanceof Outcome.TimedOut;
    if (late != timedOut) {
      // Logged on the change only: probes every few seconds must not flood the log.
      timedOut = late;
      if (late) {
        LOG.warn("Health indicator '{}' did not answer within {} ms: DOWN until it does", name, millis());
      } else {
        LOG.info("Health indicator '{}' answers again", name);
      }
    }
    if (outcome instanceof Outcome.Done<Health> done) {
      return done.value();
    }
    if (late) {
      return Health.down().withDetail("error", "timed out after " + millis() + " ms").build();
    }
    if (outcome instanceof Outcome.Failed<Health> failed) {
      LOG.warn("Health indicator '{}' failed: {}", name, failed.error().getClass().getName());
      return Health.down().withDetail("error", failed.error().getClass().getName()).build();
    }
    return Health.down().withDetail("error", "not run: every health-check thread is busy").build();
  }

  private long millis() {
    return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
  }

  @Override
  public String toString() {
    return "TimeLimitedHealthIndicator[" + name + ", " + millis() + " ms, " + delegate + "]";
  }
}
