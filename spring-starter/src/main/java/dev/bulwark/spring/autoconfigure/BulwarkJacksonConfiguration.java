package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.jackson.JacksonLimits;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
 * and builds it on {@link JacksonLimits#jsonFactory} to keep the limits; {@code
 * bulwark.defaults.json-parser-limits=false} leaves Spring Boot's builder as it is.
 */
@AutoConfiguration(
    after = BulwarkAutoConfiguration.class,
    beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({JsonMapper.class, JsonMapperBuilderCustomizer.class, tools.jackson.core.StreamReadConstraints.class})
@ConditionalOnBean(BulwarkConfig.class)
@ConditionalOnBooleanProperty(name = "bulwark.defaults.json-parser-limits", matchIfMissing = true)
public final class BulwarkJacksonConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkJacksonConfiguration.class);

  /** The builder is a prototype: start-up states the change once per context, not once per mapper. */
  private final AtomicBoolean stated = new AtomicBoolean();

  /** The mapper builder Spring Boot's {@code JsonMapper} is built from, on a limited parser factory. */
  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  @ConditionalOnMissingBean
  public JsonMapper.Builder bulwarkJsonMapperBuilder(
      BulwarkConfig config, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
    if (stated.compareAndSet(false, true)) {
      LOG.info(
          "Bulwark supplies Spring Boot's JsonMapper.Builder, on a parser with the bulwark.limits.json.* limits;"
              + " bulwark.defaults.json-parser-limits=false leaves Spring Boot's own");
    }
    JsonMapper.Builder builder = JsonMapper.builder(JacksonLimits.jsonFactory(config));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }
}
