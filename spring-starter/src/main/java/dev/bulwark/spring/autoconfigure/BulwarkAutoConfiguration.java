package dev.bulwark.spring.autoconfigure;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.metrics.BulwarkMeters;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.servlet.BulwarkServletContainerInitializer;
import dev.bulwark.servlet.FailedCredentials;
import dev.bulwark.servlet.RateLimitFilter;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Wires Bulwark into a Spring Boot servlet application: binds {@code bulwark.*}, compiles the
 * policies (a bad value stops start-up) and registers {@link BulwarkFilter} ahead of Spring
 * Security, so hostile cross-site requests, bad hosts and CORS preflights are answered before
 * authentication runs. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(BulwarkFilter.class)
@EnableConfigurationProperties(BulwarkProperties.class)
public final class BulwarkAutoConfiguration {

  /** The filter's order: after character encoding, before Spring Security (-100). */
  public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /**
   * The order of the filter that answers direct requests for Spring Boot's error path: inside
   * Bulwark's filter (its headers, request id and rate limits apply), ahead of Spring Security.
   */
  public static final int ERROR_PATH_FILTER_ORDER = FILTER_ORDER + 5;

  /** The order of the principal-keyed rate limiting: just after Spring Security (-100). */
  public static final int PRINCIPAL_FILTER_ORDER = -90;

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkAutoConfiguration.class);

  /** The bound configuration. */
  @Bean
  @ConditionalOnMissingBean
  public BulwarkConfig bulwarkConfig(BulwarkProperties properties) {
    BulwarkConfig config = properties.toConfig();
    if (!config.enabled()) {
      LOG.warn("Bulwark is DISABLED (bulwark.enabled=false): no protection is active");
    }
    return config;
  }

  /** The security event counters shared by every capability. */
  @Bean
  @ConditionalOnMissingBean
  public SecurityEvents bulwarkSecurityEvents() {
    return new SecurityEvents();
  }

  /**
   * Bulwark composed from the configuration: the request pipeline and the policies its later
   * phases share, the same assembly the servlet initializer builds.
   */
  @Bean
  @ConditionalOnMissingBean
  public Assembly bulwarkAssembly(
      BulwarkConfig config, SecurityEvents events, ObjectProvider<RateLimitKeyVerifier> verifiers, ObjectProvider<RateLimitStore> stores) {
    // A RateLimitStore bean (the Redis store over the application's client, or your own) replaces
    // the store bulwark.rate-limit.store would open.
    Assembly assembly = Assembly.compile(config, events, stores.getIfUnique());
    RateLimitKeyVerifier verifier = RateLimitKeyVerifier.anyOf(verifiers.orderedStream().toList());
    if (verifier != null) {
      // A rule keyed by a header the verifiers cover then counts only the values they recognise.
      assembly.rateLimits().useKeyVerifier(verifier);
    }
    return assembly;
  }

  /** The filter, over the assembly. */
  @Bean
  @ConditionalOnMissingBean
  public BulwarkFilter bulwarkFilter(Assembly assembly, Environment environment) {
    BulwarkFilter filter = new BulwarkFilter(assembly);
    // Spring Boot's own error page is the container's for every status, Whitelabel or not: the
    // application's pages are Spring's error views, which the MVC configuration finds.
    filter.useApplicationErrorPages(dev.bulwark.servlet.ApplicationErrorPages.NONE);
    List<String> health = healthPaths(environment);
    // Bulwark's endpoints and the ones it leans on take no body: one trickled to them would hold
    // a thread, as Actuator reads bodies with a blocking read.
    List<String> ownEndpoints = new java.util.ArrayList<>(health);
    for (String id : List.of("prometheus", "bulwarkreadiness", "bulwarkratelimit", "bulwarkadoption")) {
      String path = endpointPath(environment, id);
      ownEndpoints.add(path);
      ownEndpoints.add(path + "/**");
    }
    assembly.ownEndpoints(ownEndpoints, health);
    return filter;
  }

  /** The path of an Actuator web endpoint, as base path and path mapping place it. */
  static String endpointPath(Environment environment, String id) {
    String base = environment.getProperty("management.endpoints.web.base-path", "/actuator").trim();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String mapped = environment.getProperty("management.endpoints.web.path-mapping." + id, id).trim();
    if (mapped.startsWith("/")) {
      mapped = mapped.substring(1);
    }
    return base + "/" + mapped;
  }

  /**
   * Actuator's health endpoint and its groups (the probes), where they are served by the
   * application's own port: never refused by rate limiting or the penalty box.
   */
  static List<String> healthPaths(Environment environment) {
    String path = endpointPath(environment, "health");
    return List.of(path, path + "/**");
  }

  /**
   * Reports Spring Security's authentication failures (form login answers them with a redirect,
   * not a 401) to the rate-limit rules that count failed credentials, such as the built-in {@code
   * auth-failures} penalty box.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent")
  static class FailedCredentialsConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkFailedCredentialsListener")
    ApplicationListener<
            AbstractAuthenticationFailureEvent>
        bulwarkFailedCredentialsListener() {
      return event -> {
        if (RequestContextHolder.getRequestAttributes()
            instanceof ServletRequestAttributes attributes) {
          FailedCredentials.report(attributes.getRequest());
        }
      };
    }
  }

  /**
   * Maps the rate-limit rules keyed by the signed-in user right after Spring Security (order -100),
   * where the principal is known; disabled when no rule needs it.
   */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkPrincipalRateLimitRegistration")
  public ServletContextInitializer bulwarkPrincipalRateLimitRegistration(BulwarkFilter filter) {
    return new PrincipalRateLimitRegistration(filter);
  }

  /** Registers the principal-keyed rate limiting only when some rule needs it. */
  static final class PrincipalRateLimitRegistration implements ServletContextInitializer, Ordered {
    private final BulwarkFilter filter;

    PrincipalRateLimitRegistration(BulwarkFilter filter) {
      this.filter = filter;
    }

    @Override
    public void onStartup(jakarta.servlet.ServletContext context) throws jakarta.servlet.ServletException {
      RateLimitFilter late = filter.principalRateLimitFilter();
      if (late == null) {
        return;
      }
      FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(late);
      registration.setName("bulwark-rate-limit-principal");
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.addUrlPatterns("/*");
      registration.setAsyncSupported(true);
      registration.onStartup(context);
    }

    @Override
    public int getOrder() {
      return PRINCIPAL_FILTER_ORDER;
    }
  }

  /**
   * Micrometer meters for security events and rate limiting; bound when a registry exists. Nested, so
   * that without Micrometer (optional in Bulwark's core) no signature names its types.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetersConfiguration {
    @Bean
    @ConditionalOnMissingBean
    BulwarkMeters bulwarkMeters(BulwarkFilter filter, SecurityEvents events) {
      return new BulwarkMeters(events, filter.rateLimiter());
    }
  }

  /**
   * Maps the filter to every request, ahead of Spring Security, and to the container's error
   * dispatches: an error the container raised outside the filter (Tomcat refusing {@code TRACE},
   * say) is then a problem document too, instead of Spring Boot's {@code /error} answer.
   */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkFilterRegistration")
  public FilterRegistrationBean<BulwarkFilter> bulwarkFilterRegistration(BulwarkFilter filter) {
    FilterRegistrationBean<BulwarkFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName(BulwarkServletContainerInitializer.FILTER_NAME);
    registration.setOrder(FILTER_ORDER);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    return registration;
  }
}
