package dev.bulwark.metrics;

import dev.bulwark.authz.Guard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds {@code bulwark.authz.refusals}: refusals by {@code resource} type, {@code action} and
 * {@code outcome} ({@code deny} or {@code hide}). Tags come from the registered policies, so
 * their number is fixed at start-up; object and subject ids never become tags.
 */
public final class AuthorizationMeters implements MeterBinder {

  private final Guard guard;

  /** @param guard the guard whose refusals to expose */
  public AuthorizationMeters(Guard guard) {
    this.guard = guard;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Guard.RefusalCount count : guard.refusalCounts()) {
      FunctionCounter.builder("bulwark.authz.refusals", count, c -> c.count().getAsLong())
          .description("Actions refused by authorisation policies")
          .tag("resource", count.resource())
          .tag("action", count.action())
          .tag("outcome", count.outcome())
          .register(registry);
    }
  }
}
