package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.testing.TrimmedClassPath;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter in an application without Bucket4j, Caffeine, Micrometer or a validator: Bulwark's
 * auto-configurations start with their defaults and leave out what needs the missing jars, and
 * switching rate limiting on stops start-up naming its jars. Each is checked against the full class
 * path too.
 */
class LightStarterTest {

  private static final String[] OPTIONAL = {
    "bucket4j_jdk17-core", "caffeine", "micrometer-core", "jakarta.validation-api", "hibernate-validator"
  };

  private static URLClassLoader light;
  private static URLClassLoader full;

  @BeforeAll
  static void loaders() {
    light = TrimmedClassPath.without(OPTIONAL);
    full = TrimmedClassPath.without();
  }

  @AfterAll
  static void close() throws Exception {
    light.close();
    full.close();
  }

  @Test
  void theDefaultsStartWithoutAnyOptionalJarAndLeaveTheMetersOut() throws Exception {
    String withoutJars = TrimmedClassPath.run(light, LightStarterScenario.class);
    String withJars = TrimmedClassPath.run(full, LightStarterScenario.class);

    assertThat(withoutJars).contains("bulwarkFilter").doesNotContain("bulwarkMeters", "bulwarkAuthorizationMeters");
    assertThat(withJars).contains("bulwarkFilter", "bulwarkMeters", "bulwarkAuthorizationMeters");
  }

  @Test
  void rateLimitingWithoutItsJarsStopsStartUpNamingThem() throws Exception {
    String[] rateLimited = {"bulwark.rate-limit.enabled", "true", "bulwark.rate-limit.rules[0].name", "api", "bulwark.rate-limit.rules[0].limits", "100/1m"};

    Throwable refused = catchThrowable(() -> TrimmedClassPath.run(light, LightStarterScenario.class, rateLimited));

    assertThat(refused.getClass().getName()).isEqualTo("dev.bulwark.core.ConfigException");
    assertThat(refused)
        .hasMessageStartingWith(
            "bulwark.rate-limit.enabled: rate limiting needs com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine on"
                + " the class path");
    assertThat(TrimmedClassPath.run(full, LightStarterScenario.class, rateLimited)).contains("bulwarkFilter");
  }
}
