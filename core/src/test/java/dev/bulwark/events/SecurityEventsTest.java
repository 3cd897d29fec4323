package dev.bulwark.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecurityEventsTest {

  @Test
  void startsAtZeroAndCountsEachKindSeparately() {
    SecurityEvents events = new SecurityEvents();
    for (SecurityEvent event : SecurityEvent.values()) {
      assertThat(events.count(event)).isZero();
    }
    events.record(SecurityEvent.CORS_REJECTED);
    events.record(SecurityEvent.CORS_REJECTED);
    events.record(SecurityEvent.HOST_REJECTED);
    assertThat(events.count(SecurityEvent.CORS_REJECTED)).isEqualTo(2);
    assertThat(events.count(SecurityEvent.HOST_REJECTED)).isEqualTo(1);
    assertThat(events.count(SecurityEvent.CSP_VIOLATION)).isZero();
  }

  @Test
  void countsConcurrentRecords() throws InterruptedException {
    SecurityEvents events = new SecurityEvents();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 10_000; i++) {
              events.record(SecurityEvent.CROSS_SITE_BLOCKED);
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(events.count(SecurityEvent.CROSS_SITE_BLOCKED)).isEqualTo(40_000);
  }

  @Test
  void tagsAreLowerCaseNames() {
    assertThat(SecurityEvent.HOST_REJECTED.tag()).isEqualTo("host_rejected");
    assertThat(SecurityEvent.UNTRUSTED_FORWARDED.tag()).isEqualTo("untrusted_forwarded");
    for (SecurityEvent event : SecurityEvent.values()) {
      assertThat(event.tag()).isEqualTo(event.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
