package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.spring.web.RateLimitedInterceptor;
import dev.bulwark.spring.web.ValidationProblemResolver;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;

/**
 * Spring MVC integration: {@code @RateLimited} on controller methods, validation problems, and
 * Spring Boot's error path closed to direct requests.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass({WebMvcConfigurer.class, RequestMappingHandlerMapping.class})
@ConditionalOnBean({BulwarkConfig.class, dev.bulwark.servlet.BulwarkFilter.class})
public final class BulwarkWebMvcConfiguration {

  /** The interceptor behind {@code @RateLimited}. */
  @Bean
  @ConditionalOnMissingBean
  public RateLimitedInterceptor bulwarkRateLimitedInterceptor(dev.bulwark.servlet.BulwarkFilter filter) {
    return new RateLimitedInterceptor(filter);
  }

  /**
   * Registers the interceptor, and the validation problem resolver just before Spring's default
   * resolver (after the application's own {@code @ExceptionHandler} methods).
   */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkRateLimitedConfigurer")
  public WebMvcConfigurer bulwarkRateLimitedConfigurer(RateLimitedInterceptor interceptor, SecurityEvents events) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor);
      }

      @Override
      public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        int index = resolvers.size();
        for (int i = 0; i < resolvers.size(); i++) {
          if (resolvers.get(i) instanceof DefaultHandlerExceptionResolver) {
            index = i;
          }
        }
        resolvers.add(index, new ValidationProblemResolver(events));
      }
    };
  }

  /**
   * Compiles the annotations once every singleton, the handler mappings included, exists: before
   * the web server starts taking requests.
   */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkRateLimitedScanner")
  public SmartInitializingSingleton bulwarkRateLimitedScanner(
      RateLimitedInterceptor interceptor,
      ObjectProvider<RequestMappingHandlerMapping> mappings,
      ObjectProvider<RateLimitedMeters> meters,
      dev.bulwark.servlet.BulwarkFilter filter) {
    return () -> {
      List<HandlerMethod> handlers = new ArrayList<>();
      mappings.orderedStream().forEach(mapping -> handlers.addAll(mapping.getHandlerMethods().values()));
      interceptor.initialize(handlers);
      meters.ifAvailable(binder -> binder.rulesReady(filter.rateLimiter(), interceptor.ruleNames()));
    };
  }

  /** The {@code @RateLimited} rules' decision meters, where Micrometer is. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class RateLimitedMetersConfiguration {
    @Bean
    @ConditionalOnMissingBean
    RateLimitedMeters bulwarkRateLimitedMeters() {
      return new RateLimitedMeters();
    }
  }

  /**
   * The application's error pages: Spring Boot's error views and the application's resolvers,
   * found once every bean exists, for the browsers Bulwark's filter answers.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver")
  static class ErrorPagesConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkApplicationErrorPages")
    SmartInitializingSingleton bulwarkApplicationErrorPages(
        org.springframework.context.ApplicationContext context, dev.bulwark.servlet.BulwarkFilter filter) {
      return new SpringErrorPages(context, filter);
    }
  }

  /** The error path's filter, where Spring Boot's error controller exists. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DispatcherServletPath.class)
  static class ErrorPathConfiguration {

    /**
     * Maps {@link ErrorPathFilter} to the error path and everything under it, for requests only
     * (never the container's error dispatches), just inside Bulwark's filter and ahead of Spring
     * Security. The path is the one Spring Boot's error controller and error page use: {@code
     * spring.web.error.path} (or the older {@code error.path}) under the dispatcher servlet's path.
     */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkErrorPathRegistration")
    FilterRegistrationBean<ErrorPathFilter> bulwarkErrorPathRegistration(
        BulwarkConfig config, Environment environment, ObjectProvider<DispatcherServletPath> servletPath) {
      String errorPath = environment.getProperty("spring.web.error.path", environment.getProperty("error.path", "/error"));
      DispatcherServletPath dispatcher = servletPath.getIfAvailable();
      String path = dispatcher == null ? errorPath : dispatcher.getRelativePath(errorPath);
      FilterRegistrationBean<ErrorPathFilter> registration = new FilterRegistrationBean<>(new ErrorPathFilter());
      registration.setName("bulwark-error-path");
      registration.setOrder(BulwarkAutoConfiguration.ERROR_PATH_FILTER_ORDER);
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      if (!config.enabled() || !trimmed.startsWith("/") || trimmed.indexOf('*') >= 0) {
        // Off with Bulwark; and a path a servlet URL pattern cannot express is left alone.
        registration.setEnabled(false);
        return registration;
      }
      registration.addUrlPatterns(trimmed, trimmed + "/*");
      return registration;
    }
  }
}
