package dev.bulwark.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

  private final HealthRegistry registry = new HealthRegistry();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    registry.close();
  }

  @Test
  void aHangingCheckIsDownWithinItsTimeoutAndTheOthersStillReport() {
    registry.register("slow", () -> {
      release.await(30, TimeUnit.SECONDS);
      return HealthResult.up();
    }, Duration.ofMillis(200), Duration.ZERO, HealthGroup.READINESS);
    registry.register("fast", HealthResult::up, Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    long start = System.nanoTime();
    HealthReport report = registry.check(HealthGroup.READINESS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("slow").details().get("reason")).isEqualTo("timed out after 200 ms");
    assertThat(report.checks().get("fast").status()).isEqualTo(HealthStatus.UP);
    assertThat(millis).as("the probe answers in about the timeout").isLessThan(2_000);
  }

  @Test
  void aFailingCheckIsDownWithoutItsMessage() {
    registry.register("db", () -> {
      throw new IllegalStateException("password=hunter2 at db.internal:5432");
    }, Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    HealthReport report = registry.check(HealthGroup.READINESS);
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("db").details().toString()).doesNotContain("hunter2", "db.internal").contains("IllegalStateException");
  }

  @Test
  void cachedChecksRunAtMostOncePerPeriod() {
    AtomicInteger runs = new AtomicInteger();
    registry.register("costly", () -> {
      runs.incrementAndGet();
      return HealthResult.up();
    }, Duration.ofSeconds(1), Duration.ofMinutes(1), HealthGroup.READINESS);
    for (int i = 0; i < 5; i++) {
      assertThat(registry.check(HealthGroup.READINESS).status()).isEqualTo(HealthStatus.UP);
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void theOverallHealthSeesEveryCheckAndItsOwnStayOutOfTheProbes() {
    registry.register("db", HealthResult::up, Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    registry.register("store", () -> HealthResult.down("unreachable"), Duration.ofSeconds(1), Duration.ZERO, HealthGroup.HEALTH);
    HealthReport overall = registry.check(HealthGroup.HEALTH);
    assertThat(overall.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(overall.checks()).containsOnlyKeys("db", "store");
    assertThat(registry.check(HealthGroup.READINESS).status()).isEqualTo(HealthStatus.UP);
    assertThat(registry.check(HealthGroup.READINESS).checks()).containsOnlyKeys("db");
    assertThat(registry.check(HealthGroup.LIVENESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void healthPathsDefaultAndMustDiffer() {
    assertThat(HealthConfig.defaults().path()).isEqualTo("/health");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new HealthConfig(null, null, "/health", null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ");
  }

  @Test
  void groupsSeeOnlyTheirChecksAndStartupWaitsForStart() {
    registry.register("db", () -> HealthResult.down("unreachable"), Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    assertThat(registry.check(HealthGroup.LIVENESS).status()).as("liveness has no I/O checks").isEqualTo(HealthStatus.UP);
    assertThat(registry.check(HealthGroup.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(registry.check(HealthGroup.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    registry.markStarted();
    assertThat(registry.check(HealthGroup.STARTUP).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void jsonShowsDetailsOnlyWhenAsked() {
    registry.register("db", () -> HealthResult.up(java.util.Map.of("pool", 5)), Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    HealthReport report = registry.check(HealthGroup.READINESS);
    assertThat(HealthJson.render(report, false)).isEqualTo("{\"status\":\"UP\"}");
    assertThat(HealthJson.render(report, true)).isEqualTo("{\"status\":\"UP\",\"checks\":{\"db\":{\"status\":\"UP\",\"details\":{\"pool\":5}}}}");
  }

  @Test
  void aCheckThatHangsForeverCostsOnlyTheFirstProbeItsTimeoutAndRecovers() {
    java.util.concurrent.atomic.AtomicBoolean hang = new java.util.concurrent.atomic.AtomicBoolean(true);
    registry.register("db", () -> {
      if (hang.get()) {
        release.await(30, TimeUnit.SECONDS);
      }
      return HealthResult.up();
    }, Duration.ofMillis(300), Duration.ZERO, HealthGroup.READINESS);
    assertThat(registry.check(HealthGroup.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    long start = System.nanoTime();
    HealthReport again = registry.check(HealthGroup.READINESS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("the run is overdue: no second wait").isLessThan(250);
    assertThat(again.checks().get("db").details().get("reason")).isEqualTo("timed out after 300 ms");

    hang.set(false);
    release.countDown();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> registry.check(HealthGroup.READINESS).status() == HealthStatus.UP);
  }

  @Test
  void checksWithoutTheirOwnTimeoutUseTheRegistrysDefault() {
    try (HealthRegistry quick = new HealthRegistry(Duration.ofMillis(200))) {
      quick.register("slow", () -> {
        release.await(30, TimeUnit.SECONDS);
        return HealthResult.up();
      });
      long start = System.nanoTime();
      HealthReport report = quick.check(HealthGroup.READINESS);
      assertThat(report.checks().get("slow").details().get("reason")).isEqualTo("timed out after 200 ms");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }
  }
}
