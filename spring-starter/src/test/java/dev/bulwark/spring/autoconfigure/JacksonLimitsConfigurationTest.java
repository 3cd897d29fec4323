package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON parser limits on Spring Boot's auto-configured mapper, and who can change them. */
class JacksonLimitsConfigurationTest {

  record Input(String title) {}

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkAutoConfiguration.class, BulwarkJacksonConfiguration.class, JacksonAutoConfiguration.class));

  private static String nested(int depth) {
    return "{\"title\":\"t\",\"extra\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  private static Object read(JsonMapper mapper, String json) {
    return mapper.readValue(json, Map.class);
  }

  @Test
  void theAutoConfiguredMapperHasTheLimits() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JsonMapper.class);
          JsonMapper mapper = context.getBean(JsonMapper.class);
          assertThatCode(() -> read(mapper, nested(64))).doesNotThrowAnyException();
          assertThatThrownBy(() -> read(mapper, nested(65))).isInstanceOf(StreamConstraintsException.class);
          assertThatThrownBy(() -> read(mapper, "{\"n\":" + "1".repeat(101) + "}")).isInstanceOf(StreamConstraintsException.class);
          assertThatThrownBy(() -> read(mapper, "{\"title\":\"" + "a".repeat(1024 * 1024 + 1) + "\"}"))
              .isInstanceOf(StreamConstraintsException.class);
          assertThatThrownBy(() -> mapper.readValue("{\"title\":\"a\",\"title\":\"b\"}", Input.class))
              .isInstanceOf(StreamReadException.class)
              .hasMessageContaining("Duplicate");
          assertThat(mapper.readValue("{\"title\":\"a\"}", Input.class)).isEqualTo(new Input("a"));
        });
  }

  @Test
  void propertiesLowerTheLimits() {
    runner
        .withPropertyValues(
            "bulwark.limits.json.max-nesting-depth=4",
            "bulwark.limits.json.max-number-length=3",
            "bulwark.limits.json.max-string-length=5",
            "bulwark.limits.json.max-document-length=64")
        .run(
            context -> {
              JsonMapper mapper = context.getBean(JsonMapper.class);
              assertThatCode(() -> read(mapper, nested(4))).doesNotThrowAnyException();
              assertThatThrownBy(() -> read(mapper, nested(5))).isInstanceOf(StreamConstraintsException.class);
              assertThatThrownBy(() -> read(mapper, "{\"n\":1234}")).isInstanceOf(StreamConstraintsException.class);
              assertThatThrownBy(() -> read(mapper, "{\"s\":\"abcdef\"}")).isInstanceOf(StreamConstraintsException.class);
              assertThatThrownBy(() -> read(mapper, "{\"s\":\"a\"" + " ".repeat(64) + "}")).isInstanceOf(StreamConstraintsException.class);
            });
  }

  @Test
  void springJacksonPropertiesStillApply() {
    runner
        .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
        .run(
            context -> {
              JsonMapper mapper = context.getBean(JsonMapper.class);
              assertThat(mapper.writeValueAsString(new Pair("a", "b"))).isEqualTo("{\"first_name\":\"a\",\"last_name\":\"b\"}");
              assertThatThrownBy(() -> read(mapper, nested(65))).isInstanceOf(StreamConstraintsException.class);
            });
  }

  record Pair(String firstName, String lastName) {}

  @Test
  void theApplicationsCustomizersRunAfterTheLimitsAndWin() {
    runner
        .withUserConfiguration(AllowDuplicates.class)
        .run(
            context -> {
              JsonMapper mapper = context.getBean(JsonMapper.class);
              assertThat(mapper.readValue("{\"title\":\"a\",\"title\":\"b\"}", Input.class)).isEqualTo(new Input("b"));
              assertThatThrownBy(() -> read(mapper, nested(65))).as("the other limits stay").isInstanceOf(StreamConstraintsException.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class AllowDuplicates {
    @Bean
    JsonMapperBuilderCustomizer allowDuplicates() {
      return builder -> builder.disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
  }

  @Test
  void anApplicationsOwnBuilderWins() {
    runner
        .withUserConfiguration(OwnBuilder.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("bulwarkJsonMapperBuilder");
              JsonMapper mapper = context.getBean(JsonMapper.class);
              assertThatCode(() -> read(mapper, nested(200))).doesNotThrowAnyException();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBuilder {
    @Bean
    JsonMapper.Builder ownBuilder() {
      return JsonMapper.builder();
    }
  }

  @Test
  void limitsOffLeaveJacksonsDefaults() {
    runner
        .withPropertyValues("bulwark.limits.enabled=false")
        .run(
            context -> {
              JsonMapper mapper = context.getBean(JsonMapper.class);
              assertThatCode(() -> read(mapper, nested(200))).doesNotThrowAnyException();
              assertThat(mapper.readValue("{\"title\":\"a\",\"title\":\"b\"}", Input.class)).isEqualTo(new Input("b"));
            });
  }

  @Test
  void withoutJacksonNothingIsConfigured() {
    runner
        .withClassLoader(new FilteredClassLoader(JsonMapper.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("bulwarkJsonMapperBuilder"));
  }
}
