package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.KnownFinding;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.ReadinessException;
import dev.bulwark.readiness.ReadinessReport;
import dev.bulwark.readiness.Severity;
import dev.bulwark.spring.actuate.ReadinessEndpoint;
import dev.bulwark.spring.readiness.SpringReadiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The Spring checks and the start-up run, in application contexts built from settings. */
@ExtendWith(OutputCaptureExtension.class)
class SpringReadinessTest {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class, BulwarkReadinessConfiguration.class));

  private static ReadinessReport report(AssertableWebApplicationContext context) {
    assertThat(context).hasNotFailed();
    return context.getBean(SpringReadiness.class).report();
  }

  private static Finding finding(AssertableWebApplicationContext context, KnownFinding known) {
    return report(context).findings().stream()
        .filter(f -> f.id().equals(known.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(known.id() + " not in " + report(context).findings()));
  }

  private static List<String> ids(AssertableWebApplicationContext context) {
    return report(context).findings().stream().map(Finding::id).toList();
  }

  @Test
  void defaultsAreCleanAndLoggedOnceAtInfo(CapturedOutput output) {
    runner.run(
        context -> {
          assertThat(report(context).status()).isEqualTo("clean");
          assertThat(context).as("not exposed, so not available").doesNotHaveBean(ReadinessEndpoint.class);
        });
    assertThat(output.getOut()).containsOnlyOnce("production-readiness report");
    assertThat(output.getOut()).containsPattern("INFO .*dev\\.bulwark\\.readiness .*Bulwark production-readiness report: no findings");
  }

  @Test
  void findingsAreLoggedAtWarnWithTheirFix(CapturedOutput output) {
    runner.withPropertyValues("debug=true").run(context -> assertThat(context).hasNotFailed());
    assertThat(output.getOut()).containsPattern("WARN .*dev\\.bulwark\\.readiness .*Bulwark production-readiness report: 1 finding \\(1 medium\\)");
    assertThat(output.getOut()).contains("debug-logging").contains("fix: Remove debug from the production configuration");
  }

  // Actuator exposure

  @Test
  void aHeaderKeyWithoutAVerifierBeanIsAMediumFinding() {
    runner
        .withPropertyValues(
            "bulwark.rate-limit.enabled=true",
            "bulwark.rate-limit.rules[0].name=api-keys",
            "bulwark.rate-limit.rules[0].limits=10/1m",
            "bulwark.rate-limit.rules[0].key=header:X-Api-Key,ip")
        .run(
            context -> {
              Finding finding = finding(context, KnownFinding.CLIENT_CHOSEN_RATE_LIMIT_KEY);
              assertThat(finding.severity()).isEqualTo(dev.bulwark.readiness.Severity.MEDIUM);
              assertThat(finding.message()).contains("api-keys").contains("X-Api-Key");
            });
  }

  @Test
  void sensitiveEndpointsExposedWithoutSpringSecurityAreFlagged() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .withPropertyValues("management.endpoints.web.exposure.include=health,env,heapdump,loggers")
        .run(
            context -> {
              Finding finding = finding(context, KnownFinding.ACTUATOR_EXPOSED_UNAUTHENTICATED);
              assertThat(finding.severity()).isEqualTo(Severity.HIGH);
              assertThat(finding.message())
                  .as("heapdump's access is none unless configured")
                  .endsWith(" exposes env, loggers over HTTP at /actuator without authentication (Spring Security is not on the class path).");
            });
  }

  @Test
  void aWildcardExposesEveryEndpointWhoseAccessAllowsIt() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .withPropertyValues(
            "management.endpoints.web.exposure.include=*",
            "management.endpoints.web.exposure.exclude=beans",
            "management.endpoint.shutdown.access=unrestricted",
            "management.endpoint.env.access=none",
            "management.endpoints.web.base-path=/manage")
        .run(
            context -> {
              String message = finding(context, KnownFinding.ACTUATOR_EXPOSED_UNAUTHENTICATED).message();
              assertThat(message).contains("include=*").contains("shutdown").contains("configprops").contains("threaddump").contains("at /manage");
              assertThat(message).doesNotContain("heapdump").doesNotContain("beans").doesNotContain(" env,");
            });
  }

  @Test
  void onlyHealthOrLoopbackOrNoActuatorIsNoFinding() {
    WebApplicationContextRunner open = runner.withClassLoader(new FilteredClassLoader("org.springframework.security"));
    open.withPropertyValues("management.endpoints.web.exposure.include=health,info,prometheus").run(context -> assertThat(ids(context)).isEmpty());
    open.withPropertyValues("management.endpoints.web.exposure.include=*", "management.server.address=127.0.0.1").run(context -> assertThat(ids(context)).isEmpty());
    open.withPropertyValues("management.endpoints.web.exposure.include=*", "management.server.port=-1").run(context -> assertThat(ids(context)).isEmpty());
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.security", "org.springframework.boot.actuate"))
        .withPropertyValues("management.endpoints.web.exposure.include=*")
        .run(
            context -> {
              assertThat(ids(context)).as("without Actuator the setting exposes nothing").isEmpty();
              assertThat(context).doesNotHaveBean(ReadinessEndpoint.class);
            });
  }

  @Test
  void springSecurityIsAskedWhetherAnonymousCallersGetThrough() {
    WebApplicationContextRunner secured =
        runner
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=health,env,configprops");
    secured
        .withUserConfiguration(PermitActuator.class)
        .run(
            context ->
                assertThat(finding(context, KnownFinding.ACTUATOR_EXPOSED_UNAUTHENTICATED).message())
                    .as("configprops needs a signed-in user")
                    .endsWith(" exposes env over HTTP at /actuator without authentication (Spring Security lets anonymous requests through there)."));
    secured.withUserConfiguration(AdminOnlyActuator.class).run(context -> assertThat(ids(context)).isEmpty());
  }

  @Configuration(proxyBeanMethods = false)
  static class PermitActuator {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests -> requests.requestMatchers("/actuator/env").permitAll().anyRequest().authenticated())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AdminOnlyActuator {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests ->
                  requests.requestMatchers("/actuator/health/**").permitAll()
                      .requestMatchers("/actuator/**").hasRole("ADMIN")
                      .anyRequest().permitAll())
          .build();
    }
  }

  // Literal secrets

  private static Consumer<org.springframework.context.ConfigurableApplicationContext> applicationYml() {
    return context -> {
      try {
        new YamlPropertySourceLoader()
            .load("Config resource 'class path resource [readiness/secrets.yml]'", new ClassPathResource("readiness/secrets.yml"))
            .forEach(source -> context.getEnvironment().getPropertySources().addLast(source));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Test
  void secretsWrittenInConfigurationFilesAreFlaggedWithoutTheirValue() {
    runner
        .withInitializer(applicationYml()::accept)
        .withPropertyValues("app.overridden.token=from-a-higher-source")
        .run(
            context -> {
              List<Finding> secrets =
                  report(context).findings().stream().filter(f -> f.id().equals("literal-secret")).toList();
              assertThat(secrets)
                  .extracting(Finding::message)
                  .containsExactlyInAnyOrder(
                      "spring.datasource.password is set literally in class path resource [readiness/secrets.yml] - 5:15.",
                      "app.signing.key is set literally in class path resource [readiness/secrets.yml] - 10:10.",
                      "app.cache.url carries a password in class path resource [readiness/secrets.yml] - 14:10.");
              assertThat(secrets.get(0).fix()).contains("${SPRING_DATASOURCE_PASSWORD}");
              assertThat(report(context).toJson())
                  .doesNotContain("literal-in-file")
                  .doesNotContain("default-in-file")
                  .doesNotContain("embedded-in-file")
                  .as("a value from a higher source is not the file's")
                  .doesNotContain("app.overridden.token");
            });
  }

  // Error details, debug logging, DevTools, H2 console

  @Test
  void errorDetailsInErrorAnswersAreFlagged() {
    runner
        .withPropertyValues("server.error.include-stacktrace=ALWAYS", "server.error.include-exception=true", "server.error.include-message=never")
        .run(
            context -> {
              Finding finding = finding(context, KnownFinding.ERROR_DETAILS_EXPOSED);
              assertThat(finding.message()).startsWith("server.error.include-stacktrace=always, server.error.include-exception=true:");
              assertThat(finding.fix()).contains("Remove server.error.include-stacktrace, server.error.include-exception");
            });
    runner.withPropertyValues("server.error.include-message=on_param").run(context -> assertThat(ids(context)).containsExactly("error-details-exposed"));
  }

  @Test
  void debugAndTraceLoggingAreFlagged() {
    runner.withPropertyValues("logging.level.root=TRACE").run(
        context -> assertThat(finding(context, KnownFinding.DEBUG_LOGGING).message()).startsWith("logging.level.root=trace:"));
    runner.withPropertyValues("debug=").run(
        context -> assertThat(finding(context, KnownFinding.DEBUG_LOGGING).message()).as("--debug").startsWith("debug=true:"));
    runner.withPropertyValues("debug=false", "logging.level.root=info", "logging.level.org.example=debug").run(context -> assertThat(ids(context)).isEmpty());
  }

  @Test
  void devToolsOnTheClassPathIsFlagged(@TempDir Path classes) throws Exception {
    // The real class name on a real class path: a class compiled here, since DevTools itself must
    // not be on the test class path (it would change every other test).
    Path source = classes.resolve("org/springframework/boot/devtools/restart/Restarter.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package org.springframework.boot.devtools.restart; public class Restarter {}");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
    ClassLoader withDevTools = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    runner.withClassLoader(withDevTools).run(
        context -> assertThat(finding(context, KnownFinding.DEV_TOOLS_ON_CLASSPATH).message()).isEqualTo("spring-boot-devtools is on the class path."));
    runner.withClassLoader(withDevTools).withPropertyValues("spring.devtools.remote.secret=x").run(
        context -> assertThat(finding(context, KnownFinding.DEV_TOOLS_ON_CLASSPATH).message()).contains("remote update endpoint"));
    runner.run(context -> assertThat(ids(context)).doesNotContain("dev-tools-on-classpath"));
  }

  @Test
  void theH2ConsoleIsFlagged() {
    runner
        .withPropertyValues("spring.h2.console.enabled=true", "spring.h2.console.path=/db", "spring.h2.console.settings.web-allow-others=true")
        .run(
            context ->
                assertThat(finding(context, KnownFinding.DATABASE_CONSOLE_ENABLED).message())
                    .isEqualTo(
                        "spring.h2.console.enabled=true serves the H2 console at /db and accepts remote connections"
                            + " (spring.h2.console.settings.web-allow-others=true)."));
  }

  // Deployment signals

  @Test
  void forwardedHeadersOrACloudPlatformMeanATlsProxy() {
    runner
        .withPropertyValues("server.forward-headers-strategy=native", "bulwark.headers.hsts.enabled=false")
        .run(
            context -> {
              assertThat(ids(context)).containsExactly("hsts-off-behind-tls-proxy", "https-redirect-off-behind-tls-proxy");
              assertThat(finding(context, KnownFinding.HSTS_OFF_BEHIND_TLS_PROXY).message()).contains("server.forward-headers-strategy=native");
            });
    runner
        .withPropertyValues("spring.main.cloud-platform=heroku")
        .run(context -> assertThat(finding(context, KnownFinding.HTTPS_REDIRECT_OFF_BEHIND_TLS_PROXY).message()).contains("running on HEROKU"));
    runner.withPropertyValues("server.forward-headers-strategy=none").run(context -> assertThat(ids(context)).isEmpty());
  }

  @Test
  void kubernetesWithTheLocalStoreIsSeveralInstances() {
    runner
        .withPropertyValues("bulwark.rate-limit.enabled=true", "KUBERNETES_SERVICE_HOST=10.96.0.1")
        .run(context -> assertThat(ids(context)).containsExactly("local-rate-limit-store-multi-instance"));
    runner
        .withPropertyValues("bulwark.rate-limit.enabled=true", "KUBERNETES_SERVICE_HOST=10.96.0.1", "bulwark.readiness.instances=1")
        .run(context -> assertThat(ids(context)).isEmpty());
  }

  // Fail-on, acknowledge, switching off, the application's own checks

  @Test
  void aFailOnFindingStopsStartUpNamingItAndItsFix() {
    runner
        .withPropertyValues("spring.h2.console.enabled=true", "bulwark.readiness.fail-on=high")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .isInstanceOf(ReadinessException.class)
                  .hasMessageContaining("bulwark.readiness.fail-on=high matches 1 finding")
                  .hasMessageContaining("[HIGH] database-console-enabled: spring.h2.console.enabled=true")
                  .hasMessageContaining("Fix: Remove spring.h2.console.enabled=true");
            });
    runner
        .withPropertyValues("debug=true", "bulwark.readiness.fail-on=debug-logging")
        .run(context -> assertThat(context.getStartupFailure()).hasMessageContaining("debug-logging"));
    runner
        .withPropertyValues("debug=true", "bulwark.readiness.fail-on=high")
        .run(context -> assertThat(context).as("a medium finding does not fail on high").hasNotFailed());
  }

  @Test
  void anAcknowledgedFindingStarts() {
    runner
        .withPropertyValues("spring.h2.console.enabled=true", "bulwark.readiness.fail-on=low", "bulwark.readiness.acknowledge=database-console-enabled")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(report(context).clean()).isTrue();
            });
  }

  @Test
  void switchedOffThereIsNoReportAndNoFailOn() {
    runner
        .withPropertyValues("bulwark.readiness.enabled=false", "spring.h2.console.enabled=true", "bulwark.readiness.fail-on=high")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SpringReadiness.class).doesNotHaveBean(ReadinessEndpoint.class);
            });
  }

  @Test
  void theApplicationsOwnChecksJoinTheReport() {
    runner
        .withBean("noBackups", ReadinessCheck.class, () -> context -> List.of(new Finding("no-backups", Severity.HIGH, "No backup job.", "Schedule one.")))
        .withPropertyValues("bulwark.readiness.fail-on=high")
        .run(context -> assertThat(context.getStartupFailure()).isInstanceOf(ReadinessException.class).hasMessageContaining("no-backups"));
  }

  @Test
  void theEndpointServesTheReportAsMaps() {
    runner
        .withPropertyValues("bulwark.cross-site.enabled=false", "management.endpoints.web.exposure.include=bulwarkreadiness")
        .run(
            context -> {
              Map<String, Object> body = context.getBean(ReadinessEndpoint.class).report();
              assertThat(body).containsEntry("status", "findings");
              assertThat(body.get("findings").toString()).contains("id=cross-site-disabled").contains("severity=high");
            });
  }
}
