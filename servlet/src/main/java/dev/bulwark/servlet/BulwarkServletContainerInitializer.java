package dev.bulwark.servlet;

import dev.bulwark.adoption.AdoptionReport;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Policy;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.health.HealthConfig;
import dev.bulwark.health.HealthGroup;
import dev.bulwark.health.HealthRegistry;
import dev.bulwark.health.HealthResult;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.readiness.RateLimitKeyCheck;
import dev.bulwark.readiness.Readiness;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.ReadinessConfig;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.servlet.internal.RateLimitInspectionServlet;
import dev.bulwark.servlet.internal.Registrations;
import dev.bulwark.servlet.internal.ServletInventory;
import dev.bulwark.servlet.internal.ServletReadinessChecks;
import dev.bulwark.servlet.internal.TrustedReportServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Bulwark in any Servlet 6 container without code: the container finds this class through
 * {@code META-INF/services}, reads {@code bulwark.properties} (overridable by environment variables
 * and system properties) and maps {@link BulwarkFilter} to {@code /*} ahead of the application's
 * filters. A bad setting stops the application from starting. It also logs the production-readiness
 * report once, refuses to start on a finding listed in {@code bulwark.readiness.fail-on}, and serves
 * the report as JSON at {@code bulwark.readiness.path} to trusted addresses.
 *
 * <p>It installs Bulwark at most once per context and steps aside, saying so at start-up, where
 * something else installs it: a Spring Boot application deployed as a WAR with Bulwark's starter
 * on the class path (the starter installs the filter from Spring's {@code bulwark.*} properties),
 * or a filter named {@code bulwark} already registered (by {@code web.xml}, say).
 */
public final class BulwarkServletContainerInitializer implements ServletContainerInitializer {

  /** The servlet context attribute that marks Bulwark as installed, so it is never installed twice. */
  public static final String INSTALLED_ATTRIBUTE = "dev.bulwark.installed";

  /**
   * The servlet context attribute an application may set, before the context starts, to the
   * {@link dev.bulwark.events.SecurityEvents} the filter should count into: the same instance given
   * to {@code BulwarkJettyErrorHandler} or {@code BulwarkErrorReportValve} makes the malformed
   * requests the container refuses itself count in the same {@code invalid_input} meter.
   */
  public static final String EVENTS_ATTRIBUTE = "dev.bulwark.events";

  /**
   * The servlet context attribute that holds the {@link dev.bulwark.authz.EndpointInventory}
   * once the context has started: every servlet mapping with the path rule that covers it.
   */
  public static final String INVENTORY_ATTRIBUTE = "dev.bulwark.authz.EndpointInventory";

  /**
   * The servlet context attribute an application may set, before the context starts, to its own
   * {@link RateLimitKeyVerifier}; otherwise the initializer uses the {@code RateLimitKeyVerifier}
   * services on the class path and leaves the one in use here.
   */
  public static final String KEY_VERIFIER_ATTRIBUTE = "dev.bulwark.ratelimit.keyVerifier";

  /** The name Bulwark's filter is registered under, by this initializer and the Spring starter. */
  public static final String FILTER_NAME = "bulwark";

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkServletContainerInitializer.class);

  /** The starter's auto-configuration: where it is on the class path, Spring installs Bulwark. */
  static final String STARTER_CLASS = "dev.bulwark.spring.autoconfigure.BulwarkAutoConfiguration";

  private static final boolean PROMETHEUS_PRESENT = isPresent("io.micrometer.prometheusmetrics.PrometheusMeterRegistry");

  private static boolean isPresent(String className) {
    return isPresent(className, BulwarkServletContainerInitializer.class.getClassLoader());
  }

  private static boolean isPresent(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    if (context.getAttribute(INSTALLED_ATTRIBUTE) != null) {
      return;
    }
    ClassLoader loader = context.getClassLoader();
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
    }
    if (loader == null) {
      loader = BulwarkServletContainerInitializer.class.getClassLoader();
    }
    if (isPresent(STARTER_CLASS, loader)) {
      // A Spring Boot WAR: the starter registers the filter from Spring's properties when the
      // application context starts, which may be before or after this initializer runs.
      LOG.info(
          "Bulwark's Spring Boot starter is on the class path of {}: it installs Bulwark, this initializer steps aside",
          Registrations.contextName(context));
      return;
    }
    FilterRegistration existing = context.getFilterRegistration(FILTER_NAME);
    if (existing != null) {
      LOG.warn(
          "A filter named '{}' ({}) is already registered on {}: the drop-in initializer installs nothing, so no request is"
              + " protected twice",
          FILTER_NAME,
          existing.getClassName(),
          Registrations.contextName(context));
      return;
    }
    ConfigSource source = ConfigSource.standard(loader);
    BulwarkConfig config = BulwarkConfigLoader.load(source);
    BulwarkFilter filter =
        context.getAttribute(EVENTS_ATTRIBUTE) instanceof dev.bulwark.events.SecurityEvents events
            ? new BulwarkFilter(config, events)
            : new BulwarkFilter(config);
    RateLimitKeyVerifier keyVerifier = installKeyVerifier(context, loader);
    filter.assembly().rateLimits().useKeyVerifier(keyVerifier);
    // Before the metrics, which bind the guard's refusal meters.
    installGuard(context, config, filter, loader);
    if (!config.enabled()) {
      installDisabled(context, config, filter);
      return;
    }
    installInventory(context, config);
    if (config.metrics().enabled() && PROMETHEUS_PRESENT) {
      // First, so the request metrics filter wraps Bulwark's: refusals and the 500s it writes for
      // failing handlers are part of what users experience.
      dev.bulwark.servlet.internal.PrometheusSupport.install(context, config, filter);
    }
    registerFilter(context, filter);
    RateLimitFilter late = filter.principalRateLimitFilter();
    if (late != null) {
      FilterRegistration.Dynamic lateRegistration = Registrations.filter(context, "bulwark-rate-limit-principal", late);
      lateRegistration.setAsyncSupported(true);
      // After the application's own filters, where authentication has set the user.
      lateRegistration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
    installPathRules(context, config, filter);
    // Bulwark's own endpoints take no body: one trickled to them must not hold a thread.
    List<String> ownEndpoints =
        new ArrayList<>(List.of(config.metrics().path(), config.readiness().path(), adoptionPath(config.readiness())));
    if (config.health().enabled()) {
      HealthConfig health = config.health();
      List<String> healthPaths = List.of(health.path(), health.livenessPath(), health.readinessPath(), health.startupPath());
      filter.exemptFromRateLimiting(healthPaths);
      ownEndpoints.addAll(healthPaths);
      installHealth(context, config, filter);
    }
    String inspectPath = config.rateLimit().inspectPath();
    Registrations.servlet(context, "bulwark-rate-limit-inspection", new RateLimitInspectionServlet(filter.assembly().rateLimits(), config.rateLimit()))
        .addMapping(inspectPath, inspectPath + "/*");
    ownEndpoints.add(inspectPath);
    ownEndpoints.add(inspectPath + "/**");
    filter.refuseBodies(ownEndpoints);
    installReadiness(context, config, source, loader, keyVerifier, filter.assembly().adoption());
    context.setAttribute(INSTALLED_ATTRIBUTE, filter);
    LOG.info("Bulwark installed on {}", Registrations.contextName(context));
  }

  private static void registerFilter(ServletContext context, BulwarkFilter filter) {
    FilterRegistration.Dynamic registration = Registrations.filter(context, FILTER_NAME, filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
  }

  /**
   * {@code bulwark.enabled=false}: no protection, endpoint, meter or served report. What stays is
   * the application's own authorisation, which switching Bulwark off must not open: its policies'
   * refusals are answered by the filter (which passes every other request through untouched) and
   * the path rules still apply. The readiness verdict still runs once, unserved, so that {@code
   * fail-on=bulwark-disabled} can refuse to start a production build switched off by mistake.
   */
  private static void installDisabled(ServletContext context, BulwarkConfig config, BulwarkFilter filter) {
    boolean policies = context.getAttribute(RequestGuard.GUARD_ATTRIBUTE) instanceof Guard guard && !guard.policies().isEmpty();
    boolean rules = !config.authz().rules().isEmpty();
    if (policies || rules) {
      registerFilter(context, filter);
      installPathRules(context, config, filter);
      LOG.warn(
          "Bulwark is DISABLED (bulwark.enabled=false) on {}: no protection, endpoint or report is installed; the application's"
              + " authorisation still applies ({})",
          Registrations.contextName(context),
          policies && rules ? "policies and bulwark.authz.rules" : policies ? "policies" : "bulwark.authz.rules");
    } else {
      LOG.warn("Bulwark is DISABLED (bulwark.enabled=false) on {}: nothing is installed", Registrations.contextName(context));
    }
    if (config.readiness().enabled() && !config.readiness().failOn().isEmpty()) {
      Readiness.atStartUp(ReadinessContext.of(config), List.of());
    }
    context.setAttribute(INSTALLED_ATTRIBUTE, filter);
  }

  /**
   * Builds the guard from the {@code Policy} services on the class path, unless the application
   * registered its own.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void installGuard(ServletContext context, BulwarkConfig config, BulwarkFilter filter, ClassLoader loader) {
    context.setAttribute(RequestGuard.ROLES_ATTRIBUTE, config.authz().roles());
    if (!(context.getAttribute(RequestGuard.GUARD_ATTRIBUTE) instanceof Guard)) {
      Guard.Builder guard = Guard.builder().events(filter.events()).requestIdKey(config.requestId().mdcKey());
      for (Policy policy : ServiceLoader.load(Policy.class, loader)) {
        guard.policy(policy);
      }
      Guard built = guard.build();
      context.setAttribute(RequestGuard.GUARD_ATTRIBUTE, built);
      LOG.info("Bulwark guards resources with policies for {}", built.policies().keySet().stream().map(Class::getSimpleName).toList());
    }
  }

  /**
   * Lists the servlet mappings with the path rules that cover them once every servlet is known. The
   * container runs this initializer before servlets of later initializers, {@code web.xml}
   * listeners and annotations may be registered, and a listener added here may not read the
   * registrations (Jetty refuses them to it); filters are initialised after every listener, once
   * no servlet can be added, and before the first request, and a failing filter fails the context
   * on every container. So a filter mapped to no path does it in its {@code init}.
   */
  private static void installInventory(ServletContext context, BulwarkConfig config) {
    Registrations.filter(context, "bulwark-inventory", new ServletInventory(config.authz()));
  }

  /** Maps the path rules after the application's authentication filters. */
  private static void installPathRules(ServletContext context, BulwarkConfig config, BulwarkFilter filter) {
    if (!config.authz().rules().isEmpty()) {
      FilterRegistration.Dynamic rules =
          Registrations.filter(context, "bulwark-access-rules", new AccessRulesFilter(config.authz(), filter.events(), config.requestId().mdcKey()));
      rules.setAsyncSupported(true);
      // After the application's own filters, where authentication has set the user; forwards
      // too, or a public servlet could forward into a guarded path.
      rules.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true, "/*");
    }
  }

  /**
   * Runs the readiness checks once, logs the report, stops start-up on a fail-on finding (the
   * exception fails the context) and serves the report to trusted addresses.
   */
  /**
   * Leaves the {@code RateLimitKeyVerifier} services on the class path where rate limiting reads
   * them, unless the application put its own there; returns the one in use, or {@code null}.
   */
  private static RateLimitKeyVerifier installKeyVerifier(ServletContext context, ClassLoader loader) {
    if (context.getAttribute(KEY_VERIFIER_ATTRIBUTE) instanceof RateLimitKeyVerifier own) {
      return own;
    }
    List<RateLimitKeyVerifier> found = new ArrayList<>();
    ServiceLoader.load(RateLimitKeyVerifier.class, loader).forEach(found::add);
    RateLimitKeyVerifier verifier = RateLimitKeyVerifier.anyOf(found);
    if (verifier != null) {
      context.setAttribute(KEY_VERIFIER_ATTRIBUTE, verifier);
      LOG.info("Bulwark rate-limit key verifiers: {}", found.stream().map(v -> v.getClass().getName()).toList());
    }
    return verifier;
  }

  /** The adoption report's path: beneath the readiness report's, with the same callers. */
  static String adoptionPath(ReadinessConfig readiness) {
    return readiness.path() + "/adoption";
  }

  private static void installReadiness(
      ServletContext context,
      BulwarkConfig config,
      ConfigSource source,
      ClassLoader loader,
      RateLimitKeyVerifier keyVerifier,
      AdoptionReport adoption) {
    ReadinessConfig readiness = config.readiness();
    if (!readiness.enabled()) {
      return;
    }
    List<ReadinessCheck> checks = new ArrayList<>(ServletReadinessChecks.of(context, source));
    checks.add(new RateLimitKeyCheck(keyVerifier));
    for (ReadinessCheck custom : ServiceLoader.load(ReadinessCheck.class, loader)) {
      checks.add(custom);
    }
    ReadinessContext readinessContext = ReadinessContext.of(config);
    Readiness.atStartUp(readinessContext, checks);
    Registrations.servlet(
            context, "bulwark-readiness", TrustedReportServlet.readiness(() -> Readiness.evaluate(readinessContext, checks), readiness))
        .addMapping(readiness.path());
    Registrations.servlet(context, "bulwark-adoption", TrustedReportServlet.adoption(adoption, readiness))
        .addMapping(adoptionPath(readiness));
  }

  private static void installHealth(ServletContext context, BulwarkConfig config, BulwarkFilter filter) {
    HealthConfig health = config.health();
    HealthRegistry registry = new HealthRegistry(health.timeout());
    RateLimiter limiter = filter.rateLimiter();
    if (limiter != null && !"local".equals(limiter.storeKind())) {
      registry.register(
          "rateLimitStore",
          () -> HealthResult.up(Map.of("store", limiter.storeKind(), "pingMicros", limiter.checkStore() / 1000)),
          health.storeTimeout(),
          Duration.ZERO,
          // Not readiness: every instance would leave rotation at once while the rules' failure
          // policies could have kept them serving. The overall health and the meters show it.
          HealthGroup.HEALTH);
    }
    context.setAttribute(HealthRegistry.class.getName(), registry);
    Registrations.servlet(context, "bulwark-health", new HealthServlet(registry, health)).addMapping(health.livenessPath(), health.readinessPath(), health.startupPath(), health.path());
    context.addListener(
        new ServletContextListener() {
          @Override
          public void contextInitialized(ServletContextEvent event) {
            registry.markStarted();
          }

          @Override
          public void contextDestroyed(ServletContextEvent event) {
            registry.close();
          }
        });
  }
}
