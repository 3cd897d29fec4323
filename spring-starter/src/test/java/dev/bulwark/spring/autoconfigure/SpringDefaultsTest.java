package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.spring.actuate.AdoptionEndpoint;
import dev.bulwark.spring.actuate.RateLimitEndpoint;
import dev.bulwark.spring.actuate.RateLimitStoreHealthIndicator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What Bulwark changes in the application outside its filter: each change is stated at start-up,
 * each has a {@code bulwark.defaults.*} switch, and the application's own setting always wins.
 * The Actuator endpoints and the health indicator exist only when Actuator would use them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringDefaultsTest {

  private static final String PROBES = "management.endpoint.health.probes.enabled";
  private static final String HISTOGRAM = "management.metrics.distribution.percentiles-histogram.http.server.requests";
  private static final String PERCENTILES = "management.metrics.distribution.percentiles.http.server.requests";

  /** Runs the post-processor as Spring Boot does, over the given properties, and replays its log. */
  private static StandardEnvironment postProcess(Map<String, Object> application) {
    return postProcess(application, Map.of());
  }

  private static StandardEnvironment postProcess(Map<String, Object> application, Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", variables));
    environment.getPropertySources().addFirst(new MapPropertySource("application", application));
    ConfigurationPropertySources.attach(environment);
    DeferredLogs logs = new DeferredLogs();
    new BulwarkActuatorDefaults(logs).postProcessEnvironment(environment, new SpringApplication());
    logs.switchOverAll();
    return environment;
  }

  @Test
  void probesAndPercentilesAreSetAndEachIsStated(CapturedOutput output) {
    StandardEnvironment environment = postProcess(Map.of());
    assertThat(environment.getProperty(PROBES)).isEqualTo("true");
    assertThat(environment.getProperty(HISTOGRAM)).isEqualTo("true");
    assertThat(environment.getProperty(PERCENTILES)).isEqualTo("0.5,0.95,0.99");
    assertThat(output.getOut())
        .containsPattern("INFO .*Bulwark sets " + PROBES + "=true .*bulwark.defaults.health-probes=false")
        .containsPattern("INFO .*Bulwark sets " + HISTOGRAM + "=true .*bulwark.defaults.request-percentiles=false")
        .containsPattern("INFO .*Bulwark sets " + PERCENTILES + "=0.5,0.95,0.99 ");
  }

  @Test
  void theApplicationsOwnSettingsWinAndAreNotClaimed(CapturedOutput output) {
    StandardEnvironment environment =
        postProcess(Map.of(PERCENTILES, "0.9"), Map.of("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "false"));
    assertThat(environment.getProperty(PROBES)).as("set by an environment variable").isEqualTo("false");
    assertThat(environment.getProperty(PERCENTILES)).isEqualTo("0.9");
    assertThat(environment.getProperty(HISTOGRAM)).as("the one the application left out").isEqualTo("true");
    assertThat(output.getOut()).doesNotContain("Bulwark sets " + PROBES).doesNotContain("Bulwark sets " + PERCENTILES).contains("Bulwark sets " + HISTOGRAM);
  }

  @Test
  void switchedOffTheApplicationsActuatorIsLeftAlone(CapturedOutput output) {
    StandardEnvironment environment =
        postProcess(Map.of("bulwark.defaults.health-probes", "false", "bulwark.defaults.request-percentiles", "false"));
    assertThat(environment.getPropertySources().contains(BulwarkActuatorDefaults.SOURCE)).isFalse();
    assertThat(environment.getProperty(PROBES)).isNull();
    assertThat(environment.getProperty(HISTOGRAM)).isNull();
    assertThat(output.getOut()).doesNotContain("Bulwark sets");
  }

  // The Actuator endpoints and the health indicator

  private final WebApplicationContextRunner actuator =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class, BulwarkActuatorConfiguration.class));

  @Test
  void anEndpointExistsOnlyWhenExposed() {
    actuator.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitEndpoint.class).doesNotHaveBean(AdoptionEndpoint.class));
    actuator
        .withPropertyValues("management.endpoints.web.exposure.include=health,bulwarkratelimit")
        .run(context -> assertThat(context).hasSingleBean(RateLimitEndpoint.class).doesNotHaveBean(AdoptionEndpoint.class));
    actuator
        .withPropertyValues("management.endpoints.web.exposure.include=*", "management.endpoint.bulwarkadoption.access=NONE")
        .run(context -> assertThat(context).hasSingleBean(RateLimitEndpoint.class).doesNotHaveBean(AdoptionEndpoint.class));
  }

  @Test
  void theHealthIndicatorHasActuatorsSwitch() {
    actuator.run(context -> assertThat(context).hasSingleBean(RateLimitStoreHealthIndicator.class));
    actuator
        .withPropertyValues("management.health.bulwarkratelimit.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitStoreHealthIndicator.class));
    actuator
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RateLimitStoreHealthIndicator.class));
  }

  @Test
  void withoutActuatorNothingOfItIsCreated() {
    actuator
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
        .withPropertyValues("management.endpoints.web.exposure.include=*")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(RateLimitEndpoint.class)
                    .doesNotHaveBean(AdoptionEndpoint.class)
                    .doesNotHaveBean(RateLimitStoreHealthIndicator.class));
  }

  // The JSON mapper builder and the Tomcat error report valve

  private final WebApplicationContextRunner jacksonAndTomcat =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(BulwarkAutoConfiguration.class, BulwarkJacksonConfiguration.class, BulwarkTomcatConfiguration.class));

  @Test
  void theJsonMapperBuilderAndTheTomcatValveAreStated(CapturedOutput output) {
    jacksonAndTomcat.run(
        context -> {
          assertThat(context).hasBean("bulwarkJsonMapperBuilder").hasBean("bulwarkTomcatErrorReport");
          context.getBean("bulwarkJsonMapperBuilder");
          context.getBean("bulwarkJsonMapperBuilder");
        });
    assertThat(output.getOut())
        .containsOnlyOnce("Bulwark supplies Spring Boot's JsonMapper.Builder")
        .contains("bulwark.defaults.json-parser-limits=false")
        .contains("Bulwark replaces the embedded Tomcat's error report valve")
        .contains("bulwark.defaults.tomcat-error-report=false");
  }

  @Test
  void theJsonMapperBuilderAndTheTomcatValveCanBeSwitchedOff(CapturedOutput output) {
    jacksonAndTomcat
        .withPropertyValues("bulwark.defaults.json-parser-limits=false", "bulwark.defaults.tomcat-error-report=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("bulwarkJsonMapperBuilder").doesNotHaveBean("bulwarkTomcatErrorReport"));
    assertThat(output.getOut()).doesNotContain("Bulwark supplies").doesNotContain("Bulwark replaces");
  }

  @Test
  void theSwitchesBindAndAnUnknownOneStopsStartUp() {
    actuator
        .withPropertyValues("bulwark.defaults.health-probes=false")
        .run(context -> assertThat(context.getBean(BulwarkProperties.class).defaults().healthProbes()).isFalse());
    actuator.run(context -> assertThat(context.getBean(BulwarkProperties.class).defaults()).isEqualTo(new BulwarkProperties.Defaults(true, true, true, true, true)));
    actuator.withPropertyValues("bulwark.defaults.health-probe=false").run(context -> assertThat(context).hasFailed());
  }
}
