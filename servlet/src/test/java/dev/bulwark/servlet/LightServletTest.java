package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.testing.TrimmedClassPath;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bulwark-servlet} as its own dependencies bring it (core, SLF4J, the OWASP encoder): the
 * initializer installs Bulwark with its defaults, and switching rate limiting on without its jars
 * stops start-up naming them, checked against the full class path too.
 */
class LightServletTest {

  // The optional jars this module's tests have; the sanitizer and Hibernate Validator are not even on
  // its test class path, so every other test here proves they are not needed.
  private static final String[] OPTIONAL = {"bucket4j_jdk17-core", "caffeine", "micrometer-core", "micrometer-registry-prometheus"};

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
  void theDefaultsInstallWithoutAnyOptionalJar() throws Exception {
    String page = TrimmedClassPath.run(light, LightServletScenario.class);

    assertThat(page).startsWith("200 ").contains("content-security-policy=", "x-content-type-options=[nosniff]");
  }

  @Test
  void rateLimitingWithoutItsJarsStopsStartUpNamingThem() throws Exception {
    String[] rateLimited = {"bulwark.rate-limit.enabled", "true", "bulwark.rate-limit.rules[0].name", "pages", "bulwark.rate-limit.rules[0].limits", "100/1m"};

    Throwable refused = catchThrowable(() -> TrimmedClassPath.run(light, LightServletScenario.class, rateLimited));

    assertThat(refused.getClass().getName()).isEqualTo("dev.bulwark.core.ConfigException");
    assertThat(refused)
        .hasMessageStartingWith(
            "bulwark.rate-limit.enabled: rate limiting needs com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine on"
                + " the class path");
    assertThat(TrimmedClassPath.run(full, LightServletScenario.class, rateLimited)).startsWith("200 ").contains("ratelimit=");
  }
}
