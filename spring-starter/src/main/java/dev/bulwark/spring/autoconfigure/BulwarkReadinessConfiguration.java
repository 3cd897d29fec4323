package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.readiness.RateLimitKeyCheck;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.spring.actuate.ReadinessEndpoint;
import dev.bulwark.spring.readiness.SpringReadiness;
import dev.bulwark.spring.readiness.SpringReadinessChecks;
import dev.bulwark.spring.readiness.ThymeleafTemplates;
import dev.bulwark.templates.TemplateCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * The production-readiness report in Spring: Bulwark's configuration checks plus checks of the
 * Spring environment (Actuator exposure, literal secrets in configuration files, error details,
 * debug logging, DevTools, the H2 console, inline code in Thymeleaf templates), run once before the web server starts, logged, and
 * enforced through {@code bulwark.readiness.fail-on}. With Actuator present, the endpoint {@code
 * bulwarkreadiness} serves the report (expose and secure it like any other endpoint).
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnBean(BulwarkConfig.class)
@ConditionalOnBooleanProperty(name = "bulwark.readiness.enabled", matchIfMissing = true)
public final class BulwarkReadinessConfiguration {

  /** Runs the report at start-up and on demand. */
  @Bean
  @ConditionalOnMissingBean
  public SpringReadiness bulwarkReadiness(BulwarkConfig config, Environment environment, ObjectProvider<ReadinessCheck> checks) {
    return new SpringReadiness(config, environment, checks);
  }

  /** Sensitive Actuator endpoints reachable without authentication. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkActuatorExposureCheck")
  public ReadinessCheck bulwarkActuatorExposureCheck(Environment environment, ApplicationContext context) {
    return new SpringReadinessChecks.ActuatorExposure(environment, context.getClassLoader(), context);
  }

  /** Secrets written in configuration files. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkLiteralSecretsCheck")
  public ReadinessCheck bulwarkLiteralSecretsCheck(ConfigurableEnvironment environment) {
    return new SpringReadinessChecks.LiteralSecrets(environment);
  }

  /** Stack traces and error details in error answers. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkErrorDetailsCheck")
  public ReadinessCheck bulwarkErrorDetailsCheck(Environment environment) {
    return new SpringReadinessChecks.ErrorDetails(environment);
  }

  /** Debug and trace logging. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkDebugLoggingCheck")
  public ReadinessCheck bulwarkDebugLoggingCheck(Environment environment) {
    return new SpringReadinessChecks.DebugLogging(environment);
  }

  /** DevTools on the class path. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkDevToolsCheck")
  public ReadinessCheck bulwarkDevToolsCheck(Environment environment, ApplicationContext context) {
    return new SpringReadinessChecks.DevTools(environment, context.getClassLoader());
  }

  /** Rate-limit rules keyed by a header that no {@code RateLimitKeyVerifier} bean checks. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkRateLimitKeyCheck")
  public ReadinessCheck bulwarkRateLimitKeyCheck(ObjectProvider<RateLimitKeyVerifier> verifiers) {
    return context -> new RateLimitKeyCheck(RateLimitKeyVerifier.anyOf(verifiers.orderedStream().toList())).check(context);
  }

  /** The H2 console. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkDatabaseConsoleCheck")
  public ReadinessCheck bulwarkDatabaseConsoleCheck(Environment environment) {
    return new SpringReadinessChecks.DatabaseConsole(environment);
  }

  /**
   * Inline code in the Thymeleaf templates that the HTML policy blocks, when Thymeleaf is on the
   * class path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.thymeleaf.TemplateEngine")
  @ConditionalOnBooleanProperty(name = "spring.thymeleaf.enabled", matchIfMissing = true)
  static class Templates {
    @Bean
    @ConditionalOnMissingBean(name = "bulwarkTemplateCheck")
    ReadinessCheck bulwarkTemplateCheck(ApplicationContext context, Environment environment) {
      return new TemplateCheck(new ThymeleafTemplates(context, environment));
    }
  }

  /** The Actuator endpoint, when Actuator is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
      })
  static class Endpoints {
    /** Only when available: enabled, and exposed over HTTP or JMX. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ReadinessEndpoint.class)
    ReadinessEndpoint bulwarkReadinessEndpoint(SpringReadiness readiness) {
      return new ReadinessEndpoint(readiness);
    }
  }

  /**
   * {@code GET /actuator/bulwarkreadiness}: the report as JSON, made afresh on each call. Not
   * exposed over HTTP unless listed in {@code management.endpoints.web.exposure.include}; it maps
   * the application's weak spots, so give it the protection of {@code env}.
   */
}
