package dev.bulwark.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Production defaults for Actuator, each set only where the application has not set the property
 * itself, and then last among the property sources, so any later setting wins too:
 *
 * <ul>
 *   <li>{@code bulwark.defaults.health-probes}: the liveness and readiness health groups ({@code
 *       management.endpoint.health.probes.enabled=true});
 *   <li>{@code bulwark.defaults.request-percentiles}: {@code http.server.requests} with histogram
 *       buckets and p50/p95/p99, so latency is visible without configuration.
 * </ul>
 *
 * <p>Each value it sets is logged at INFO with the switch that turns it off; each of the two
 * switches set to {@code false} leaves the application's Actuator as it was.
 */
public final class BulwarkActuatorDefaults implements EnvironmentPostProcessor {

  /** The name of the property source, visible in {@code /actuator/env}. */
  public static final String SOURCE = "bulwarkActuatorDefaults";

  private static final String PROBES = "management.endpoint.health.probes.enabled";
  private static final String HISTOGRAM = "management.metrics.distribution.percentiles-histogram.http.server.requests";
  private static final String PERCENTILES = "management.metrics.distribution.percentiles.http.server.requests";

  private final Log log;

  /**
   * Spring Boot calls this with a log that holds its lines until logging is set up.
   *
   * @param logs where the log comes from
   */
  public BulwarkActuatorDefaults(DeferredLogFactory logs) {
    this.log = logs.getLog(BulwarkActuatorDefaults.class);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(SOURCE)) {
      return;
    }
    Binder binder = Binder.get(environment);
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (on(binder, "health-probes")) {
      setUnlessSet(environment, defaults, PROBES, "true", "bulwark.defaults.health-probes");
    }
    if (on(binder, "request-percentiles")) {
      setUnlessSet(environment, defaults, HISTOGRAM, "true", "bulwark.defaults.request-percentiles");
      setUnlessSet(environment, defaults, PERCENTILES, "0.5,0.95,0.99", "bulwark.defaults.request-percentiles");
    }
    if (!defaults.isEmpty()) {
      environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
  }

  private static boolean on(Binder binder, String name) {
    return binder.bind("bulwark.defaults." + name, Boolean.class).orElse(true);
  }

  private void setUnlessSet(
      ConfigurableEnvironment environment, Map<String, Object> defaults, String property, String value, String switchName) {
    if (environment.containsProperty(property)) {
      return;
    }
    defaults.put(property, value);
    log.info("Bulwark sets " + property + "=" + value + " (the application does not set it; " + switchName + "=false leaves it unset)");
  }
}
