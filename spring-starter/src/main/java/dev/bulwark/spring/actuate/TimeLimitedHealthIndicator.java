package dev.bulwark.spring.actuate;

import dev.bulwark.health.CheckExecutor.Outcome;
import dev.bulwark.health.CheckExecutor;
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
public final class TimeLimitedHealthIndicator implements HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedHealthIndicator.class);

  private final String name;
  private final HealthIndicator delegate;
  private final long timeoutNanos;
  private final CheckExecutor.Slot<Health> slot;
  private volatile State last = State.ANSWERS;

  private enum State {
    ANSWERS,
    TIMED_OUT,
    FAILS,
    BUSY
  }

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
    Health health;
    State state;
    if (outcome instanceof Outcome.Done<Health> done && done.value() != null) {
      health = done.value();
      state = State.ANSWERS;
    } else if (outcome instanceof Outcome.Done) {
      // Actuator would fail on a null answer with a 500: report it like a failure.
      health = down("no answer");
      state = State.FAILS;
    } else if (outcome instanceof Outcome.TimedOut) {
      health = down("timed out after " + millis() + " ms");
      state = State.TIMED_OUT;
    } else if (outcome instanceof Outcome.Failed<Health> failed) {
      health = down(failed.error().getClass().getName());
      state = State.FAILS;
    } else {
      health = down("not run: every health-check thread is busy");
      state = State.BUSY;
    }
    if (state != last) {
      // Logged on a change only: probes every few seconds must not flood the log.
      last = state;
      switch (state) {
        case ANSWERS -> LOG.info("Health indicator '{}' answers again", name);
        case TIMED_OUT -> LOG.warn("Health indicator '{}' did not answer within {} ms: DOWN until it does", name, millis());
        case FAILS -> LOG.warn("Health indicator '{}' failed: {}", name, health.getDetails().get("error"));
        case BUSY -> LOG.warn("Health indicator '{}' not run: every health-check thread is busy", name);
      }
    }
    return health;
  }

  private static Health down(String error) {
    return Health.down().withDetail("error", error).build();
  }

  private long millis() {
    return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
  }

  @Override
  public String toString() {
    return "TimeLimitedHealthIndicator[" + name + ", " + millis() + " ms, " + delegate + "]";
  }
}
