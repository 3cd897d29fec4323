package dev.bulwark.metrics;

import dev.bulwark.authz.Guard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.LongSupplier;

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
      LongSupplier counter = count.count();
      // Micrometer holds the state object weakly: the guard lives as long as the application, the
      // RefusalCount would be collected and the counter would freeze at its last value.
      FunctionCounter.builder("bulwark.authz.refusals", guard, g -> counter.getAsLong())
          .description("Actions refused by authorisation policies")
          .tag("resource", count.resource())
          .tag("action", count.action())
          .tag("outcome", count.outcome())
          .register(registry);
    }
  }
}
