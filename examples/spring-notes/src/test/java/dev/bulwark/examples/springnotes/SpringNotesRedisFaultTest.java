package dev.bulwark.examples.springnotes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.examples.notes.FaultLoad;
import dev.bulwark.examples.notes.FaultLoad.Target;
import dev.bulwark.examples.notes.PrometheusText;
import dev.bulwark.servlet.Http;
import dev.bulwark.testing.EmbeddedRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stopped, restarted, paused ({@code SIGSTOP}) and resumed under load, against the Spring
 * example with the Redis store over real HTTP: rule {@code open} (fail-open, on the JSON API) and
 * rule {@code closed} (fail-closed, on static files). Actuator's {@code bulwarkRateLimit}
 * contributor, the whole health and the meters show each outage; readiness stays UP, because the
 * failure policies keep the instance serving (see docs/reliability.md).
 *
 * <p>Bounds are for correctness on a busy CI machine: Redis timeout 1 s, no request over 3 s. One
 * timing is asserted because it is the point of the health timeout: a hung Redis shows in {@code
 * bulwarkRateLimit} and in the {@code bulwark_ratelimit_store_available} gauge within 1 s of the
 * pause, although decisions still wait up to their 1 s timeout.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "bulwark.rate-limit.store=redis",
      "bulwark.rate-limit.redis.timeout=1s",
      "bulwark.rate-limit.redis.breaker-open-for=1s",
      "bulwark.rate-limit.rules[0].name=open",
      "bulwark.rate-limit.rules[0].paths=/api/notes",
      "bulwark.rate-limit.rules[0].limits=1000000/1h",
      "bulwark.rate-limit.rules[0].on-store-failure=fail-open",
      "bulwark.rate-limit.rules[1].name=closed",
      "bulwark.rate-limit.rules[1].paths=/static/**",
      "bulwark.rate-limit.rules[1].limits=1000000/1h",
      "bulwark.rate-limit.rules[1].on-store-failure=fail-closed"
    })
class SpringNotesRedisFaultTest {

  private static final Duration BOUND = Duration.ofSeconds(3);
  private static final Duration SHOWS_WITHIN = Duration.ofSeconds(5);
  /** How soon a hang must show in health and the availability gauge (issue #7: within a second). */
  private static final Duration HANG_SHOWS_WITHIN = Duration.ofSeconds(1);
  private static final EmbeddedRedis REDIS = EmbeddedRedis.startOrFail();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("bulwark.rate-limit.redis.uri", REDIS::uri);
    registry.add("bulwark.rate-limit.redis.key-prefix", () -> "spring-faults:" + System.nanoTime() + ":");
  }

  @AfterAll
  static void stopRedis() throws Exception {
    REDIS.close();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** The status of Bulwark's contributor, as an admin sees it. */
  private int contributor() throws Exception {
    return Http.get(uri("/actuator/health/bulwarkRateLimit"), "Authorization", basic("admin")).statusCode();
  }

  private double meter(String name, String... labels) throws Exception {
    return PrometheusText.sum(Http.get(uri("/actuator/prometheus")).body(), name, labels);
  }

  private long awaitContributor(int status, Duration atMost) {
    long start = System.nanoTime();
    await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> contributor() == status);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private Map<String, Callable<Boolean>> recovered() {
    Map<String, Callable<Boolean>> conditions = new LinkedHashMap<>();
    conditions.put("bulwarkRateLimit UP", () -> contributor() == 200);
    conditions.put("/actuator/health 200", () -> Http.get(uri("/actuator/health")).statusCode() == 200);
    conditions.put("breaker-open gauge 0", () -> meter("bulwark_ratelimit_store_breaker_open") == 0);
    conditions.put("available gauge 1", () -> meter("bulwark_ratelimit_store_available") == 1);
    return conditions;
  }

  /** Polls conditions side by side and reports how long after the moment each first held. */
  private static Map<String, Long> watch(List<String> report, String phase, long since, Duration atMost, Map<String, Callable<Boolean>> conditions) {
    Map<String, Long> took = FaultLoad.whenTrue(since, atMost, conditions);
    took.forEach((name, millis) -> report.add(phase + ": " + name + " after " + millis + " ms"));
    return took;
  }

  @Test
  void stoppedAndPausedRedisUnderLoadFollowsEachPolicyNeverHangsShowsInHealthAndMetersAndRecovers() throws Exception {
    Assumptions.assumeTrue(REDIS.pausable(), "needs a Redis this test can stop and pause");
    awaitContributor(200, Duration.ofSeconds(20));
    assertThat(Http.get(uri("/actuator/health/bulwarkRateLimit"), "Authorization", basic("admin")).body())
        .contains("\"store\":\"redis\"");

    List<Target> targets =
        List.of(new Target("open", uri("/api/notes"), "Authorization", basic("alice")), new Target("closed", uri("/static/app.css")));
    List<String> report = new ArrayList<>();
    FaultLoad load = FaultLoad.start(4, 2, targets);
    long stoppedSeen, restarting, pausedSeen, resuming;
    try {
      Thread.sleep(500);
      double fallbacksBefore = meter("bulwark_ratelimit_fallbacks_total", "rule=\"closed\"");
      assertThat(fallbacksBefore).as("the meter is exported").isGreaterThanOrEqualTo(0);

      long stopped = System.nanoTime();
      REDIS.stop();
      Map<String, Callable<Boolean>> shown = new LinkedHashMap<>();
      shown.put("bulwarkRateLimit DOWN", () -> contributor() == 503);
      shown.put("/actuator/health 503", () -> Http.get(uri("/actuator/health")).statusCode() == 503);
      shown.put("fallbacks meter (rule closed) moved", () -> meter("bulwark_ratelimit_fallbacks_total", "rule=\"closed\"") > fallbacksBefore);
      shown.put("breaker-open gauge 1", () -> meter("bulwark_ratelimit_store_breaker_open") == 1);
      shown.put("available gauge 0", () -> meter("bulwark_ratelimit_store_available") == 0);
      watch(report, "stopped", stopped, SHOWS_WITHIN, shown);
      stoppedSeen = System.nanoTime();
      assertThat(Http.get(uri("/actuator/health/readiness")).statusCode())
          .as("readiness stays UP: the failure policies keep this instance serving").isEqualTo(200);
      Thread.sleep(1500);

      restarting = System.nanoTime();
      REDIS.restart();
      watch(report, "restarted", restarting, Duration.ofSeconds(30), recovered());

      double errorsBefore = meter("bulwark_ratelimit_store_errors_total");
      long paused = System.nanoTime();
      REDIS.pause();
      shown = new LinkedHashMap<>();
      shown.put("bulwarkRateLimit DOWN", () -> contributor() == 503);
      shown.put("/actuator/health 503", () -> Http.get(uri("/actuator/health")).statusCode() == 503);
      shown.put("available gauge 0", () -> meter("bulwark_ratelimit_store_available") == 0);
      shown.put("store errors meter moved", () -> meter("bulwark_ratelimit_store_errors_total") > errorsBefore);
      shown.put("breaker-open gauge 1", () -> meter("bulwark_ratelimit_store_breaker_open") == 1);
      Map<String, Long> hang = watch(report, "paused", paused, SHOWS_WITHIN, shown);
      pausedSeen = System.nanoTime();
      // Health and the gauge do not wait for a decision to time out (1 s): the contributor's PING
      // and the waiting decisions show the hang after the 250 ms health timeout.
      for (String signal : List.of("bulwarkRateLimit DOWN", "/actuator/health 503", "available gauge 0")) {
        assertThat(hang.get(signal)).as(signal + " (ms after the pause)").isBetween(0L, HANG_SHOWS_WITHIN.toMillis());
      }
      assertThat(Http.get(uri("/actuator/health/readiness")).statusCode()).isEqualTo(200);
      Thread.sleep(2000);

      resuming = System.nanoTime();
      REDIS.resume();
      watch(report, "resumed", resuming, Duration.ofSeconds(30), recovered());
      Thread.sleep(500);
    } finally {
      load.close();
    }
    try {
      load.assertPoliciesHeld(BOUND, resuming, report, new long[] {stoppedSeen, restarting}, new long[] {pausedSeen, resuming});
    } finally {
      report.forEach(line -> System.out.println("[redis faults, spring] " + line));
    }

    // Redis decides again: no more fallbacks, and the breaker is closed.
    double fallbacks = meter("bulwark_ratelimit_fallbacks_total");
    for (int i = 0; i < 20; i++) {
      assertThat(Http.get(uri("/static/app.css")).statusCode()).isEqualTo(200);
    }
    assertThat(meter("bulwark_ratelimit_fallbacks_total")).isEqualTo(fallbacks);
    assertThat(meter("bulwark_ratelimit_store_breaker_open")).isZero();
  }
}
