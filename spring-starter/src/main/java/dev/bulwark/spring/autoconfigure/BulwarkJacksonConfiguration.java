package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.jackson.JacksonLimits;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON parser limits ({@code bulwark.limits.json.*}) on Spring Boot's auto-configured Jackson
 * mapper, and so on every JSON request body Spring MVC reads.
 *
 * <p>Jackson 3 fixes a mapper's parser factory, and with it the parser limits, when its builder is
 * created; Spring Boot 4.0 creates the builder with a default factory and offers no way to pass
 * another. So this supplies the {@code JsonMapper.Builder} itself, on a factory with the limits,
 * and runs every {@link JsonMapperBuilderCustomizer} on it exactly as Spring Boot's would: {@code
 * spring.jackson.*} and the application's customizers still apply, and run after the limits, so
 * they win (a customizer may turn {@code StreamReadFeature.STRICT_DUPLICATE_DETECTION} off again).
 * An application that defines its own {@code JsonMapper.Builder} or {@code JsonMapper} keeps it,
 * and builds it on {@link JacksonLimits#jsonFactory} to keep the limits.
 */
@AutoConfiguration(
    after = BulwarkAutoConfiguration.class,
    beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({JsonMapper.class, JsonMapperBuilderCustomizer.class, tools.jackson.core.StreamReadConstraints.class})
@ConditionalOnBean(BulwarkConfig.class)
public final class BulwarkJacksonConfiguration {

  /** The mapper builder Spring Boot's {@code JsonMapper} is built from, on a limited parser factory. */
  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  @ConditionalOnMissingBean
  public JsonMapper.Builder bulwarkJsonMapperBuilder(
      BulwarkConfig config, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
    JsonMapper.Builder builder = JsonMapper.builder(JacksonLimits.jsonFactory(config));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }
}
