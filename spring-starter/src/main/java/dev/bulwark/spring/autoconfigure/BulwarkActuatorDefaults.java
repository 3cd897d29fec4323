package dev.bulwark.spring.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Production defaults for Actuator that every setting of the application overrides (the property
 * source is added last): liveness and readiness probe groups on, and {@code http.server.requests}
 * with histogram buckets and p50/p95/p99, so latency is visible without configuration.
 */
public final class BulwarkActuatorDefaults implements EnvironmentPostProcessor {

  /** The name of the property source, visible in {@code /actuator/env}. */
  public static final String SOURCE = "bulwarkActuatorDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(SOURCE)) {
      return;
    }
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                SOURCE,
                Map.of(
                    "management.endpoint.health.probes.enabled", "true",
                    "management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
                    "management.metrics.distribution.percentiles.http.server.requests", "0.5,0.95,0.99")));
  }
}
