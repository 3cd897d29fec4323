package dev.bulwark.spring.actuate;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.health.CheckExecutor;
import dev.bulwark.health.HealthConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * Puts {@code bulwark.health.timeout} on every health indicator in Actuator's registry, once the
 * registry is built from the application's beans.
 *
 * <p>Why the registry and not the indicator beans: replacing a bean with a wrapper would change its
 * type (and {@code AbstractHealthIndicator.health()} is final, so no subclass proxy can intercept
 * it), breaking every injection point that names the indicator's class; the registry is what
 * Actuator's health endpoint asks, so only the probes see the wrapper. Liveness and readiness
 * state and {@code ping} read memory, so they stay as they are: liveness must never depend on a
 * thread pool. Contributors registered later, by code calling the registry, are left as given.
 */
public final class HealthTimeouts implements BeanPostProcessor, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(HealthTimeouts.class);

  /** At most this many indicators run at the same time; one more is DOWN without starting. */
  static final int MAX_THREADS = 8;

  private final ObjectProvider<BulwarkConfig> config;
  private volatile CheckExecutor executor;

  public HealthTimeouts(ObjectProvider<BulwarkConfig> config) {
    this.config = config;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HealthContributorRegistry registry) {
      BulwarkConfig bulwark = config.getIfAvailable();
      if (bulwark != null && bulwark.enabled() && bulwark.health().enabled()) {
        guard(registry, bulwark.health());
      }
    }
    return bean;
  }

  private void guard(HealthContributorRegistry registry, HealthConfig health) {
    int guarded = 0;
    for (HealthContributors.Entry entry : registry.stream().toList()) {
      Duration timeout = entry.name().equals("bulwarkRateLimit") ? health.storeTimeout() : health.timeout();
      HealthContributor wrapped = wrap(entry.name(), entry.contributor(), timeout.toNanos());
      if (wrapped != entry.contributor()) {
        registry.unregisterContributor(entry.name());
        registry.registerContributor(entry.name(), wrapped);
        guarded++;
      }
    }
    LOG.debug("Bulwark put a timeout of {} on {} Actuator health contributors", health.timeout(), guarded);
  }

  private HealthContributor wrap(String name, HealthContributor contributor, long timeoutNanos) {
    if (contributor instanceof TimeLimitedHealthIndicator
        || contributor instanceof AvailabilityStateHealthIndicator
        || contributor instanceof PingHealthIndicator) {
      return contributor;
    }
    if (contributor instanceof HealthIndicator indicator) {
      return new TimeLimitedHealthIndicator(name, indicator, timeoutNanos, executor());
    }
    if (contributor instanceof CompositeHealthContributor composite) {
      Map<String, HealthContributor> children = new LinkedHashMap<>();
      boolean changed = false;
      for (HealthContributors.Entry child : composite) {
        HealthContributor wrapped = wrap(name + "/" + child.name(), child.contributor(), timeoutNanos);
        children.put(child.name(), wrapped);
        changed |= wrapped != child.contributor();
      }
      return changed ? CompositeHealthContributor.fromMap(children) : composite;
    }
    return contributor;
  }

  private CheckExecutor executor() {
    CheckExecutor current = executor;
    if (current == null) {
      synchronized (this) {
        current = executor;
        if (current == null) {
          current = new CheckExecutor("bulwark-actuator-health-", MAX_THREADS);
          executor = current;
        }
      }
    }
    return current;
  }

  @Override
  public void destroy() {
    CheckExecutor current = executor;
    if (current != null) {
      current.close();
    }
  }
}
