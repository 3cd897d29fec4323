package dev.bulwark.servlet;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Bulwark in any Servlet 6 container without code: the container finds this class through
 * {@code META-INF/services}, reads {@code bulwark.properties} (overridable by environment variables
 * and system properties) and maps {@link BulwarkFilter} to {@code /*} ahead of the application's
 * filters. A bad setting stops the application from starting.
 */
public final class BulwarkServletContainerInitializer implements ServletContainerInitializer {

  /** The servlet context attribute that marks Bulwark as installed, so it is never installed twice. */
  public static final String INSTALLED_ATTRIBUTE = "dev.bulwark.installed";

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkServletContainerInitializer.class);

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
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.standard(loader));
    if (!config.enabled()) {
      LOG.warn("Bulwark is DISABLED (bulwark.enabled=false): no protection is active");
      return;
    }
    BulwarkFilter filter = new BulwarkFilter(config);
    FilterRegistration.Dynamic registration = context.addFilter("bulwark", filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    RateLimitFilter late = filter.principalRateLimitFilter();
    if (late != null) {
      FilterRegistration.Dynamic lateRegistration = context.addFilter("bulwark-rate-limit-principal", late);
      lateRegistration.setAsyncSupported(true);
      // After the application's own filters, where authentication has set the user.
      lateRegistration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
    context.setAttribute(INSTALLED_ATTRIBUTE, filter);
    LOG.info("Bulwark installed on {}", context.getContextPath().isEmpty() ? "/" : context.getContextPath());
  }
}
