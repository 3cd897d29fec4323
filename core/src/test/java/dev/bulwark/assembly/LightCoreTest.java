package dev.bulwark.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.testing.TrimmedClassPath;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core with only SLF4J and the OWASP encoder, as an application that added no optional jar has it:
 * the request path, the headers and encoding work, and each feature that needs a missing jar says
 * which one, as a start-up error, never as a {@link NoClassDefFoundError}. Every refusal is checked
 * against the full class path too, so it is the missing jar that causes it.
 */
class LightCoreTest {

  private static final String[] OPTIONAL = {
    "bucket4j_jdk17-core", "caffeine", "micrometer-core", "owasp-java-html-sanitizer", "jakarta.validation-api", "hibernate-validator"
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

  private static String run(ClassLoader loader, String... arguments) throws Exception {
    return TrimmedClassPath.run(loader, LightCoreScenario.class, arguments);
  }

  private static Throwable failure(ClassLoader loader, String... arguments) {
    return catchThrowable(() -> run(loader, arguments));
  }

  @Test
  void theOptionalJarsAreReallyHidden() throws Exception {
    assertThat(light.loadClass(LightCoreScenario.class.getName()).getClassLoader()).isSameAs(light);
    for (String probe :
        new String[] {"io.github.bucket4j.Bucket", "com.github.benmanes.caffeine.cache.Caffeine", "io.micrometer.core.instrument.MeterRegistry",
            "org.owasp.html.HtmlPolicyBuilder", "jakarta.validation.Validator", "org.hibernate.validator.HibernateValidator"}) {
      assertThat(catchThrowable(() -> light.loadClass(probe))).as(probe).isInstanceOf(ClassNotFoundException.class);
      assertThat(full.loadClass(probe)).as(probe).isNotNull();
    }
  }

  @Test
  void headersAndEncodingWorkWithCoreSlf4jAndTheEncoderOnly() throws Exception {
    String answer = run(light, "request");

    assertThat(answer).startsWith("continue ").contains("Content-Security-Policy=", "X-Content-Type-Options=nosniff");
    assertThat(run(light, "encode")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void theOtherProtectionsOnTheRequestPathNeedNoOptionalJar() throws Exception {
    String answer =
        run(light, "request", "bulwark.host.allowed", "other.example.com", "bulwark.cors.allowed-origins", "https://app.example.com");

    assertThat(answer).startsWith("400 ");
  }

  @Test
  void rateLimitingWithoutBucket4jAndCaffeineStopsStartUpNamingBoth() throws Exception {
    String[] rateLimited = {"request", "bulwark.rate-limit.enabled", "true", "bulwark.rate-limit.rules[0].name", "api", "bulwark.rate-limit.rules[0].limits", "100/1m"};

    Throwable refused = failure(light, rateLimited);

    assertThat(refused.getClass().getName()).isEqualTo("dev.bulwark.core.ConfigException");
    assertThat(refused)
        .hasMessage(
            "bulwark.rate-limit.enabled: rate limiting needs com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine on"
                + " the class path; add it to the application's build");
    assertThat(run(full, rateLimited)).startsWith("continue ").contains("RateLimit=");
  }

  @Test
  void theMessageNamesOnlyTheJarThatIsMissing() throws Exception {
    try (URLClassLoader noCaffeine = TrimmedClassPath.without("caffeine")) {
      Throwable refused = failure(noCaffeine, "request", "bulwark.rate-limit.enabled", "true");

      assertThat(refused).hasMessageContaining("needs com.github.ben-manes.caffeine:caffeine on").hasMessageNotContaining("bucket4j");
    }
  }

  @Test
  void richTextWithoutTheSanitizerNamesIt() throws Exception {
    Throwable refused = failure(light, "rich-text");

    assertThat(refused)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("RichText needs com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer on the class path");
    assertThat(run(full, "rich-text")).isEqualTo("<b>bold</b>");
  }

  @Test
  void inputValidatorWithoutHibernateValidatorNamesIt() throws Exception {
    Throwable refused = failure(light, "validate");

    assertThat(refused)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("InputValidator needs org.hibernate.validator:hibernate-validator on the class path");
    assertThat(run(full, "validate")).isEqualTo("[]");
  }
}
