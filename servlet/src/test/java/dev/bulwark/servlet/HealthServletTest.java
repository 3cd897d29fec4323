package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.health.HealthConfig;
import dev.bulwark.health.HealthGroup;
import dev.bulwark.health.HealthRegistry;
import dev.bulwark.health.HealthResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The probes over real HTTP on Jetty, installed by the drop-in initializer. */
class HealthServletTest {

  @Test
  void probesAnswerWhileADependencyIsDownOrSlow() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      HealthRegistry registry = server.healthRegistry();
      AtomicBoolean databaseUp = new AtomicBoolean(true);
      registry.register("database", () -> databaseUp.get() ? HealthResult.up() : HealthResult.down("unreachable"),
          Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
      registry.register("search", () -> {
        Thread.sleep(databaseUp.get() ? 0 : 10_000);
        return HealthResult.up();
      }, Duration.ofMillis(300), Duration.ZERO, HealthGroup.READINESS);

      HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(Http.get(server.uri("/health/live")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.uri("/health/started")).statusCode()).isEqualTo(200);

      databaseUp.set(false);
      long start = System.nanoTime();
      HttpResponse<String> down = Http.get(server.uri("/health/ready"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).as("anonymous callers see the status only").isEqualTo("{\"status\":\"DOWN\"}");
      assertThat(millis).as("a slow dependency never hangs the probe").isLessThan(3_000);
      assertThat(Http.get(server.uri("/health/live")).statusCode()).as("liveness does no I/O").isEqualTo(200);
      assertThat(Http.header(down, "Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
      assertThat(Http.header(down, "X-Request-Id")).isNotNull();
    }
  }

  @Test
  void theOverallHealthHasEveryCheckAndReadinessOnlyItsOwn() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      HealthRegistry registry = server.healthRegistry();
      AtomicBoolean storeUp = new AtomicBoolean(true);
      registry.register("database", HealthResult::up, Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
      registry.register("store", () -> storeUp.get() ? HealthResult.up() : HealthResult.down("unreachable"),
          Duration.ofSeconds(1), Duration.ZERO, HealthGroup.HEALTH);
      assertThat(Http.get(server.uri("/health")).statusCode()).isEqualTo(200);

      storeUp.set(false);
      HttpResponse<String> overall = Http.get(server.uri("/health"));
      assertThat(overall.statusCode()).as("a check of the overall health alone is DOWN").isEqualTo(503);
      assertThat(overall.body()).isEqualTo("{\"status\":\"DOWN\"}");
      assertThat(Http.get(server.uri("/health/ready")).statusCode()).as("but the instance stays in rotation").isEqualTo(200);
      assertThat(Http.get(server.uri("/health/live")).statusCode()).isEqualTo(200);

      storeUp.set(true);
      registry.register("cache", () -> HealthResult.down("cold"), Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
      assertThat(Http.get(server.uri("/health")).statusCode()).as("readiness checks count in the overall health").isEqualTo(503);
      assertThat(Http.get(server.uri("/health/ready")).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void detailsOnlyForTrustedAddresses() throws Exception {
    HealthRegistry registry = new HealthRegistry();
    registry.register("db", () -> HealthResult.up(Map.of("pool", 3)), Duration.ofSeconds(1), Duration.ZERO, HealthGroup.READINESS);
    HealthConfig trusted = new HealthConfig(null, null, null, null, null, HealthConfig.DetailsVisibility.TRUSTED_ADDRESSES, null, List.of("127.0.0.0/8"), null, null);
    HealthConfig others = new HealthConfig(null, null, null, null, null, HealthConfig.DetailsVisibility.TRUSTED_ADDRESSES, null, List.of("10.0.0.0/8"), null, null);
    try (JettyTestServer server = JettyTestServer.startWithServlet(new HealthServlet(registry, trusted), "/health/ready")) {
      assertThat(Http.get(server.uri("/health/ready")).body()).contains("\"pool\":3");
    }
    try (JettyTestServer server = JettyTestServer.startWithServlet(new HealthServlet(registry, others), "/health/ready")) {
      assertThat(Http.get(server.uri("/health/ready")).body()).isEqualTo("{\"status\":\"UP\"}");
    } finally {
      registry.close();
    }
  }
}
