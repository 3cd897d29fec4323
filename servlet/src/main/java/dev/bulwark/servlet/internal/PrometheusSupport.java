package dev.bulwark.servlet.internal;

import dev.bulwark.authz.Guard;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.metrics.AuthorizationMeters;
import dev.bulwark.metrics.BulwarkMeters;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.servlet.RequestGuard;
import dev.bulwark.servlet.RequestMetricsFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;

/**
 * Installs metrics in a plain servlet application: a Prometheus registry (kept in the servlet
 * context under {@code MeterRegistry}'s class name, for the application's own meters), JVM and
 * Bulwark meters (with {@code bulwark.authz.refusals} when authorisation is installed), {@code http.server.requests} and the scrape endpoint. Loaded only when the
 * Prometheus registry is on the class path.
 */
public final class PrometheusSupport {

  private PrometheusSupport() {}

  public static void install(ServletContext context, BulwarkConfig config, BulwarkFilter filter) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new BulwarkMeters(filter.events(), filter.rateLimiter()).bindTo(registry);
    if (context.getAttribute(RequestGuard.GUARD_ATTRIBUTE) instanceof Guard guard) {
      new AuthorizationMeters(guard).bindTo(registry);
    }
    context.setAttribute(MeterRegistry.class.getName(), registry);
    FilterRegistration.Dynamic metrics = Registrations.filter(context, "bulwark-request-metrics", new RequestMetricsFilter(registry));
    metrics.setAsyncSupported(true);
    // Before the application's filters; the initializer registers it ahead of Bulwark's.
    metrics.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    ServletRegistration.Dynamic endpoint = Registrations.servlet(context, "bulwark-metrics", new PrometheusServlet(registry, config.metrics()));
    endpoint.addMapping(config.metrics().path());
  }
}
