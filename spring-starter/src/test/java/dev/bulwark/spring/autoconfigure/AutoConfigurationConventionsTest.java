package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The conventions of Spring Boot's guide "Creating Your Own Auto-configuration", checked on every
 * class the starter lists in {@code AutoConfiguration.imports}, so a new bean or configuration
 * cannot leave them out unnoticed.
 */
class AutoConfigurationConventionsTest {

  /**
   * {@code @Bean} methods that may go without {@code @ConditionalOnMissingBean}, each with the
   * reason. None today: every bean backs off when the application defines one of its name or type.
   */
  private static final Map<String, String> WITHOUT_MISSING_BEAN_CONDITION = Map.of();

  static List<Class<?>> autoConfigurations() throws IOException, ClassNotFoundException {
    String imports;
    try (InputStream in =
        AutoConfigurationConventionsTest.class.getResourceAsStream(
            "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
      imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String line : imports.split("\\R")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        classes.add(Class.forName(line.trim()));
      }
    }
    return classes;
  }

  /** The class and its nested configurations, where {@code @Bean} methods live. */
  private static List<Class<?>> withNested(Class<?> type) {
    List<Class<?>> all = new ArrayList<>(List.of(type));
    for (Class<?> nested : type.getDeclaredClasses()) {
      all.addAll(withNested(nested));
    }
    return all;
  }

  private static List<Method> beanMethods() throws Exception {
    List<Method> methods = new ArrayList<>();
    for (Class<?> configuration : autoConfigurations()) {
      for (Class<?> type : withNested(configuration)) {
        for (Method method : type.getDeclaredMethods()) {
          if (method.isAnnotationPresent(Bean.class)) {
            methods.add(method);
          }
        }
      }
    }
    return methods;
  }

  private static String name(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }

  @Test
  void everyAutoConfigurationIsPublicFinalAndAnnotated() throws Exception {
    List<Class<?>> classes = autoConfigurations();
    assertThat(classes).hasSizeGreaterThanOrEqualTo(10);
    for (Class<?> type : classes) {
      assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers()))
          .as("%s is public final", type.getName())
          .isTrue();
      assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as("%s is an @AutoConfiguration", type.getName()).isTrue();
    }
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() throws Exception {
    List<Method> methods = beanMethods();
    assertThat(methods).hasSizeGreaterThan(30);
    List<String> without =
        methods.stream()
            .filter(method -> !AnnotatedElementUtils.hasAnnotation(method, ConditionalOnMissingBean.class))
            .map(AutoConfigurationConventionsTest::name)
            .filter(name -> !WITHOUT_MISSING_BEAN_CONDITION.containsKey(name))
            .toList();
    assertThat(without).as("@Bean methods without @ConditionalOnMissingBean and without a reason").isEmpty();
  }

  @Test
  void endpointsAreCreatedOnlyWhenAvailableAndHealthIndicatorsOnlyWhenEnabled() throws Exception {
    int endpoints = 0;
    int indicators = 0;
    for (Method method : beanMethods()) {
      Class<?> type = method.getReturnType();
      if (type.isAnnotationPresent(Endpoint.class) || type.isAnnotationPresent(WebEndpoint.class)) {
        endpoints++;
        assertThat(method.isAnnotationPresent(ConditionalOnAvailableEndpoint.class))
            .as("%s makes an endpoint: @ConditionalOnAvailableEndpoint", name(method))
            .isTrue();
      }
      if (HealthContributor.class.isAssignableFrom(type)) {
        indicators++;
        assertThat(method.isAnnotationPresent(ConditionalOnEnabledHealthIndicator.class))
            .as("%s makes a health contributor: @ConditionalOnEnabledHealthIndicator", name(method))
            .isTrue();
      }
    }
    assertThat(endpoints).as("bulwarkratelimit, bulwarkadoption, bulwarkreadiness, bulwarkauthz").isEqualTo(4);
    assertThat(indicators).isEqualTo(1);
  }

  @Test
  void theAutoConfigureProcessorDescribedEveryAutoConfiguration() throws Exception {
    Properties metadata = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-autoconfigure-metadata.properties")) {
      assertThat(in).as("spring-autoconfigure-metadata.properties, written by the processor on the processor path").isNotNull();
      metadata.load(in);
    }
    for (Class<?> type : autoConfigurations()) {
      assertThat(metadata.stringPropertyNames())
          .as("the processor's entry for %s", type.getName())
          .contains(type.getName());
    }
  }
}
