package dev.bulwark.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finds the application's own CORS handling once every bean exists: {@code @CrossOrigin} on a
 * handler, {@code WebMvcConfigurer.addCorsMappings}, a {@code CorsConfigurationSource} or {@code
 * CorsFilter} bean, and Spring Security's {@code http.cors(...)}. Each finding is a short phrase
 * for the start-up log or message.
 */
final class ApplicationCors {

  private static final String MVC = "org.springframework.web.servlet.handler.AbstractHandlerMapping";
  private static final String WEB = "org.springframework.web.cors.CorsConfigurationSource";
  private static final String SECURITY = "org.springframework.security.web.SecurityFilterChain";
  private static final int NAMED = 3;

  private ApplicationCors() {}

  /** Returns what CORS handling the application has of its own; empty for none. */
  static List<String> find(ListableBeanFactory beans, ClassLoader loader) {
    Set<String> found = new LinkedHashSet<>();
    if (ClassUtils.isPresent(MVC, loader)) {
      Mvc.find(beans, found);
    }
    if (ClassUtils.isPresent(WEB, loader)) {
      Web.find(beans, found);
    }
    if (ClassUtils.isPresent(SECURITY, loader)) {
      Security.find(beans, found);
    }
    return new ArrayList<>(found);
  }

  /** Spring MVC: global mappings and {@code @CrossOrigin}. */
  private static final class Mvc {
    static void find(ListableBeanFactory beans, Set<String> found) {
      List<String> annotated = new ArrayList<>();
      for (AbstractHandlerMapping mapping : beans.getBeansOfType(AbstractHandlerMapping.class, false, false).values()) {
        if (mapping.getCorsConfigurationSource() instanceof UrlBasedCorsConfigurationSource source) {
          found.add("WebMvcConfigurer.addCorsMappings " + source.getCorsConfigurations().keySet());
        } else if (mapping.getCorsConfigurationSource() != null) {
          found.add("a CorsConfigurationSource on the handler mappings");
        }
        if (mapping instanceof RequestMappingHandlerMapping handlers) {
          for (HandlerMethod method : handlers.getHandlerMethods().values()) {
            if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), CrossOrigin.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), CrossOrigin.class)) {
              String name = method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
              if (!annotated.contains(name)) {
                annotated.add(name);
              }
            }
          }
        }
      }
      if (!annotated.isEmpty()) {
        String named = String.join(", ", annotated.subList(0, Math.min(NAMED, annotated.size())));
        found.add("@CrossOrigin on " + named + (annotated.size() > NAMED ? " and " + (annotated.size() - NAMED) + " more handlers" : ""));
      }
    }
  }

  /** Beans: configuration sources and filters. */
  private static final class Web {
    static void find(ListableBeanFactory beans, Set<String> found) {
      for (Map.Entry<String, CorsConfigurationSource> source : beans.getBeansOfType(CorsConfigurationSource.class, false, false).entrySet()) {
        // Spring MVC's introspector is a source over the handler mappings, which Mvc reads
        if (!isIntrospector(source.getValue())) {
          found.add("CorsConfigurationSource bean '" + source.getKey() + "'");
        }
      }
      beans.getBeansOfType(CorsFilter.class, false, false).keySet().forEach(name -> found.add("CorsFilter bean '" + name + "'"));
      @SuppressWarnings("rawtypes")
      Map<String, FilterRegistrationBean> registrations = beans.getBeansOfType(FilterRegistrationBean.class, false, false);
      registrations.forEach((name, registration) -> {
        if (registration.getFilter() instanceof CorsFilter) {
          found.add("CorsFilter registered by '" + name + "'");
        }
      });
    }

    private static boolean isIntrospector(CorsConfigurationSource source) {
      return ClassUtils.isPresent(MVC, ApplicationCors.class.getClassLoader()) && source instanceof HandlerMappingIntrospector;
    }
  }

  /** Spring Security: a {@code CorsFilter} in a filter chain, from {@code http.cors(...)}. */
  private static final class Security {
    static void find(ListableBeanFactory beans, Set<String> found) {
      beans.getBeansOfType(SecurityFilterChain.class, false, false).forEach((name, chain) -> {
        if (chain.getFilters().stream().anyMatch(CorsFilter.class::isInstance)) {
          found.add("Spring Security's http.cors(...) in SecurityFilterChain '" + name + "'");
        }
      });
    }
  }
}
