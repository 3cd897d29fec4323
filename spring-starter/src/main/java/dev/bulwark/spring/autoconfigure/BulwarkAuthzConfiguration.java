package dev.bulwark.spring.autoconfigure;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.metrics.AuthorizationMeters;
import dev.bulwark.servlet.AccessRulesFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.spring.authz.SubjectResolver;
import dev.bulwark.spring.authz.internal.GuardInterceptor;
import dev.bulwark.spring.authz.internal.GuardPlans;
import dev.bulwark.spring.authz.internal.GuardedArgumentResolver;
import dev.bulwark.spring.authz.internal.InventoryBuilder;
import dev.bulwark.spring.authz.internal.MethodSecurity;
import dev.bulwark.spring.authz.internal.ServletPrincipalSubjects;
import dev.bulwark.spring.authz.internal.SpringSecuritySubjects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Resource-level authorisation: a {@link Guard} over every {@link Policy} bean, {@code @Guarded}
 * controller parameters and methods checked before argument resolution, the subject from Spring
 * Security, and a start-up inventory of every endpoint with how it is guarded ({@code
 * bulwark.authz.unguarded=fail} refuses to start with an unguarded one).
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnBean(BulwarkConfig.class)
public final class BulwarkAuthzConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BulwarkAuthzConfiguration.class);

  /** The subject from Spring Security's {@code Authentication}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
  static class SpringSecuritySubject {
    @Bean
    @ConditionalOnMissingBean
    SubjectResolver bulwarkSubjectResolver(BulwarkConfig config) {
      return new SpringSecuritySubjects(new ServletPrincipalSubjects(config.authz().roles()));
    }
  }

  /** The subject from the servlet user principal, when Spring Security is absent. */
  @Bean
  @ConditionalOnMissingBean
  SubjectResolver bulwarkServletSubjectResolver(BulwarkConfig config) {
    return new ServletPrincipalSubjects(config.authz().roles());
  }

  /**
   * The guard over every policy bean; two policies for one type stop start-up. Services can inject
   * it and call {@code guard.check(action, object)} for the current subject.
   */
  @Bean
  @ConditionalOnMissingBean
  public Guard bulwarkGuard(
      BulwarkConfig config, SecurityEvents events, ObjectProvider<Policy<?, ?>> policies, SubjectResolver subjects) {
    return Guard.builder()
        .policies(policies.orderedStream().toList())
        .events(events)
        .currentSubject(subjects::currentSubject)
        .requestIdKey(config.requestId().mdcKey())
        .build();
  }

  /** Meters {@code bulwark.authz.refusals}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Meters {
    @Bean
    @ConditionalOnMissingBean
    AuthorizationMeters bulwarkAuthorizationMeters(Guard guard) {
      return new AuthorizationMeters(guard);
    }
  }

  /**
   * The coarse path rules ({@code bulwark.authz.rules}), right after Spring Security's filter chain
   * so they judge the authenticated subject; for forwards too.
   */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkAccessRulesRegistration")
  FilterRegistrationBean<AccessRulesFilter> bulwarkAccessRulesRegistration(
      BulwarkConfig config, SecurityEvents events, SubjectResolver subjects) {
    FilterRegistrationBean<AccessRulesFilter> registration =
        new FilterRegistrationBean<>(
            new AccessRulesFilter(config.authz(), events, config.requestId().mdcKey(), request -> subjects.currentSubject()));
    registration.setName("bulwarkAccessRules");
    registration.setOrder(SPRING_SECURITY_ORDER + 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
    registration.setEnabled(!config.authz().rules().isEmpty());
    return registration;
  }

  /** Spring Security's filter chain order ({@code SecurityProperties.DEFAULT_FILTER_ORDER}). */
  private static final int SPRING_SECURITY_ORDER = -100;

  /** Holds the inventory built at start-up. */
  public static final class InventoryHolder {
    private final AtomicReference<EndpointInventory> inventory = new AtomicReference<>(new EndpointInventory(List.of()));

    /** The inventory; empty until start-up has built it. */
    public EndpointInventory inventory() {
      return inventory.get();
    }

    void set(EndpointInventory built) {
      inventory.set(built);
    }
  }

  /** Spring MVC: the interceptor, the argument resolver and the inventory. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({WebMvcConfigurer.class, RequestMappingHandlerMapping.class})
  static class WebMvc {

    @Bean
    @ConditionalOnMissingBean
    GuardInterceptor bulwarkGuardInterceptor(SubjectResolver subjects, Guard guard) {
      return new GuardInterceptor(subjects);
    }

    @Bean
    @ConditionalOnMissingBean
    InventoryHolder bulwarkEndpointInventory() {
      return new InventoryHolder();
    }

    @Bean
    @ConditionalOnMissingBean(name = "bulwarkGuardConfigurer")
    WebMvcConfigurer bulwarkGuardConfigurer(GuardInterceptor interceptor) {
      return new WebMvcConfigurer() {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
          // First, so no other interceptor sees a request the caller may not make.
          registry.addInterceptor(interceptor).order(Integer.MIN_VALUE);
        }

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
          resolvers.add(new GuardedArgumentResolver());
        }
      };
    }

    /**
     * Compiles the guards and builds the inventory once every handler mapping exists, before the
     * server takes requests; a broken annotation or, in {@code fail} mode, an unguarded endpoint
     * stops start-up.
     */
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkGuardCompiler")
    SmartInitializingSingleton bulwarkGuardCompiler(
        BulwarkConfig config,
        Guard guard,
        GuardInterceptor interceptor,
        InventoryHolder holder,
        ObjectProvider<ResourceLookup<?>> lookups,
        ObjectProvider<RequestMappingHandlerMapping> mappings,
        org.springframework.beans.factory.ListableBeanFactory beans) {
      return () -> {
        Map<HandlerMethod, InventoryBuilder.Mapping> handlers = new LinkedHashMap<>();
        mappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().forEach((info, method) -> handlers.put(method, mappingOf(info))));
        Map<Class<?>, ResourceLookup<?>> byType = new LinkedHashMap<>();
        lookups.orderedStream().forEach(lookup -> {
          ResourceLookup<?> previous = byType.put(lookup.resourceType(), lookup);
          if (previous != null) {
            throw new BeanInitializationException("two ResourceLookup beans load " + lookup.resourceType().getName());
          }
        });
        Map<HandlerMethod, Set<String>> patterns = new LinkedHashMap<>();
        handlers.forEach((method, mapping) -> patterns.put(method, mapping.patterns()));
        GuardPlans plans;
        try {
          plans = GuardPlans.compile(patterns, guard, byType);
        } catch (IllegalStateException e) {
          throw new BeanInitializationException("Bulwark @Guarded: " + e.getMessage(), e);
        }
        interceptor.initialize(plans);
        EndpointInventory inventory = InventoryBuilder.build(handlers, plans, MethodSecurity.of(beans), config.authz().rules());
        holder.set(inventory);
        report(config.authz().unguarded(), inventory);
      };
    }

    private static InventoryBuilder.Mapping mappingOf(RequestMappingInfo info) {
      Set<String> methods = info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(Collectors.toSet());
      return new InventoryBuilder.Mapping(methods, info.getPatternValues());
    }

    private static void report(AuthzConfig.Unguarded mode, EndpointInventory inventory) {
      List<EndpointInventory.Endpoint> unguarded = inventory.unguarded();
      for (EndpointInventory.Endpoint endpoint : unguarded) {
        if (endpoint.detail().startsWith(InventoryBuilder.NOT_ENFORCED)) {
          log.warn("Bulwark endpoint inventory: {} counts as unguarded: {}", endpoint.handler(), endpoint.detail().substring(InventoryBuilder.NOT_ENFORCED.length()));
        }
      }
      if (unguarded.isEmpty()) {
        log.info("Bulwark endpoint inventory: every endpoint is guarded{}{}", System.lineSeparator(), inventory.table());
        return;
      }
      String message = unguarded.size() + " endpoint(s) have no object-level guard: add @Guarded, a Spring Security method rule, or @Public";
      if (mode == AuthzConfig.Unguarded.FAIL) {
        throw new BeanInitializationException(
            "Bulwark (bulwark.authz.unguarded=fail): " + message + System.lineSeparator() + new EndpointInventory(unguarded).table());
      }
      log.warn("Bulwark endpoint inventory: {}{}{}", message, System.lineSeparator(), inventory.table());
    }
  }

  /**
   * The Actuator endpoint {@code bulwarkauthz}, wherever {@link WebMvc} builds the inventory. The
   * same class conditions rather than a condition on the holder bean: nested configurations are
   * registered in no guaranteed order, and this one came before the holder existed.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      value = {WebMvcConfigurer.class, RequestMappingHandlerMapping.class},
      name = {
        "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
      })
  static class Actuator {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(AuthzEndpoint.class)
    AuthzEndpoint bulwarkAuthzEndpoint(InventoryHolder holder) {
      return new AuthzEndpoint(holder);
    }
  }

  /** Shows the endpoint inventory: {@code GET /actuator/bulwarkauthz} once exposed. */
  @Endpoint(id = "bulwarkauthz")
  public static final class AuthzEndpoint {
    private final InventoryHolder holder;

    AuthzEndpoint(InventoryHolder holder) {
      this.holder = holder;
    }

    /** The inventory. */
    @ReadOperation
    public EndpointInventory inventory() {
      return holder.inventory();
    }
  }
}
