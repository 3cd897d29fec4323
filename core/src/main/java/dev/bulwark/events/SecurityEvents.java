package dev.bulwark.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts security events. Recording is one uncontended add with no allocation; metrics binders
 * read the totals when scraped, so nothing is looked up per request. Thread-safe.
 */
public final class SecurityEvents {

  private final Map<SecurityEvent, LongAdder> counts = new EnumMap<>(SecurityEvent.class);

  /** Creates counters for every event, all zero. */
  public SecurityEvents() {
    for (SecurityEvent event : SecurityEvent.values()) {
      counts.put(event, new LongAdder());
    }
  }

  /** Records one event. */
  public void record(SecurityEvent event) {
    counts.get(event).increment();
  }

  /** Returns how many events of a kind were recorded since start. */
  public long count(SecurityEvent event) {
    return counts.get(event).sum();
  }
}
