package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.servlet.internal.ServletReadinessChecks;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The servlet module's checks that need no running container. */
class ServletReadinessChecksTest {

  private static final ReadinessContext CONTEXT = ReadinessContext.of(BulwarkConfig.defaults());

  @Test
  void debugLoggingIsReadFromTheSlf4jLogger() {
    // slf4j-simple reads a logger's level when the logger is first created.
    System.setProperty("org.slf4j.simpleLogger.log.readiness-test.debug", "debug");
    System.setProperty("org.slf4j.simpleLogger.log.readiness-test.trace", "trace");
    try {
      List<Finding> debug =
          ServletReadinessChecks.rootLoggerLevel(LoggerFactory.getLogger("readiness-test.debug"), LoggerFactory.getILoggerFactory())
              .check(CONTEXT);
      assertThat(debug).extracting(Finding::id).containsExactly("debug-logging");
      assertThat(debug.get(0).message()).contains("logs at DEBUG").contains("org.slf4j.simple");
      assertThat(debug.get(0).fix()).contains("org.slf4j.simpleLogger.defaultLogLevel=info");
      assertThat(
              ServletReadinessChecks.rootLoggerLevel(LoggerFactory.getLogger("readiness-test.trace"), LoggerFactory.getILoggerFactory())
                  .check(CONTEXT)
                  .get(0)
                  .message())
          .contains("logs at TRACE");
    } finally {
      System.clearProperty("org.slf4j.simpleLogger.log.readiness-test.debug");
      System.clearProperty("org.slf4j.simpleLogger.log.readiness-test.trace");
    }
    assertThat(
            ServletReadinessChecks.rootLoggerLevel(LoggerFactory.getLogger("readiness-test.info"), LoggerFactory.getILoggerFactory())
                .check(CONTEXT))
        .as("the tests log at INFO")
        .isEmpty();
  }

  @Test
  void jspsAndHtmlUnderTheWebRootAreScannedButNotLibrariesOrClasses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
      throws Exception {
    java.nio.file.Files.createDirectories(root.resolve("WEB-INF/jsp"));
    java.nio.file.Files.createDirectories(root.resolve("WEB-INF/lib"));
    java.nio.file.Files.writeString(root.resolve("index.html"), "<html>\n<script>boot()</script>\n</html>\n");
    java.nio.file.Files.writeString(
        root.resolve("WEB-INF/jsp/notes.jsp"),
        "<%@ page contentType=\"text/html\" %>\n<script nonce=\"${cspNonce}\">ok()</script>\n<button onclick=\"go()\">go</button>\n");
    java.nio.file.Files.writeString(root.resolve("WEB-INF/lib/skipped.html"), "<script>skipped()</script>");
    java.nio.file.Files.writeString(root.resolve("app.css"), "p { color: red }");
    org.eclipse.jetty.ee11.servlet.ServletContextHandler handler = new org.eclipse.jetty.ee11.servlet.ServletContextHandler("/");
    handler.setBaseResourceAsPath(root);
    org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
    server.setHandler(handler);
    server.start();
    try {
      List<Finding> findings =
          new dev.bulwark.templates.TemplateCheck(new dev.bulwark.servlet.internal.WebRootTemplates(handler.getServletContext()))
              .check(CONTEXT);
      assertThat(findings)
          .extracting(f -> f.id() + " " + f.message().substring(0, f.message().indexOf(": ")))
          .containsExactly("inline-script-blocked /index.html:2", "event-handler-blocked /WEB-INF/jsp/notes.jsp:3");
      assertThat(findings.get(0).fix()).endsWith("or move it to a file.");
    } finally {
      server.stop();
    }
  }

  @Test
  void passwordsInTheFileAreFlaggedWithoutTheirValue() {
    Properties file = new Properties();
    file.setProperty("bulwark.rate-limit.redis.uri", "redis://:hunter2-in-file@cache:6379");
    file.setProperty("bulwark.rate-limit.redis.key-prefix", "notes:");
    ConfigSource source = ConfigSource.fromProperties(file, "classpath:bulwark.properties");
    List<Finding> findings = ServletReadinessChecks.propertiesFileSecrets(source).check(CONTEXT);
    assertThat(findings).extracting(Finding::id).containsExactly("literal-secret");
    Finding finding = findings.get(0);
    assertThat(finding.message())
        .isEqualTo("bulwark.rate-limit.redis.uri carries a password in classpath:bulwark.properties.");
    assertThat(finding.fix()).contains("BULWARK_RATE_LIMIT_REDIS_URI");
    assertThat(finding.toString()).doesNotContain("hunter2");
  }

  @Test
  void theEnvironmentOverridingTheFileIsNotAFinding() {
    Properties file = new Properties();
    file.setProperty("bulwark.rate-limit.redis.uri", "redis://:hunter2@cache:6379");
    ConfigSource layered =
        ConfigSource.layered(
            List.of(
                ConfigSource.fromEnvironment(Map.of("BULWARK_RATELIMIT_REDIS_URI", "redis://:from-env@cache:6379")),
                ConfigSource.fromProperties(file, "classpath:bulwark.properties")));
    assertThat(ServletReadinessChecks.propertiesFileSecrets(layered).check(CONTEXT)).isEmpty();
    Properties plain = new Properties();
    plain.setProperty("bulwark.rate-limit.redis.uri", "redis://cache:6379");
    assertThat(ServletReadinessChecks.propertiesFileSecrets(ConfigSource.fromProperties(plain, "classpath:bulwark.properties")).check(CONTEXT))
        .isEmpty();
  }
}
