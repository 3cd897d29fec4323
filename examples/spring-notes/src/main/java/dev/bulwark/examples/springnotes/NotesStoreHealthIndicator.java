package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.StoreCheck;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The notes store in Actuator's health, as {@code notesStore}, and through {@code application.yml}
 * in the readiness group: while the store does not answer, the instance gets no traffic, but it is
 * not restarted (liveness does no I/O). It does not guard itself: Bulwark runs it with {@code
 * bulwark.health.timeout} and reports an exception as DOWN with its type only, never its message.
 */
class NotesStoreHealthIndicator implements HealthIndicator {

  private final StoreCheck store;

  NotesStoreHealthIndicator(StoreCheck store) {
    this.store = store;
  }

  @Override
  public Health health() {
    return Health.up().withDetails(store.check()).build();
  }
}
