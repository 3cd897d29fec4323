package dev.bulwark.servlet.internal;

import dev.bulwark.config.ConfigSource;
import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.KnownFinding;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.SecretSettings;
import dev.bulwark.templates.TemplateCheck;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness checks a plain servlet application adds to Bulwark's configuration checks: what
 * the servlet container, the logging backend and {@code bulwark.properties} reveal, and the inline
 * code in the JSPs and HTML pages under the web root that the HTML policy blocks.
 */
public final class ServletReadinessChecks {

  private ServletReadinessChecks() {}

  /** Every servlet check for one application. */
  public static List<ReadinessCheck> of(ServletContext context, ConfigSource source) {
    return List.of(
        rootLoggerLevel(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME), LoggerFactory.getILoggerFactory()),
        propertiesFileSecrets(source),
        h2ConsoleMapping(context),
        jettyErrorDetails(context),
        new TemplateCheck(new WebRootTemplates(context)));
  }

  /** Debug or trace logging on the SLF4J root logger, whatever the backend. */
  public static ReadinessCheck rootLoggerLevel(Logger root, ILoggerFactory backend) {
    return context -> {
      if (!root.isDebugEnabled()) {
        return List.of();
      }
      String level = root.isTraceEnabled() ? "TRACE" : "DEBUG";
      String backendName = backend.getClass().getName();
      String fix;
      if (backendName.startsWith("org.slf4j.simple")) {
        fix = "Log at INFO: org.slf4j.simpleLogger.defaultLogLevel=info in simplelogger.properties (or the system property).";
      } else if (backendName.startsWith("ch.qos.logback")) {
        fix = "Log at INFO: <root level=\"INFO\"> in logback.xml.";
      } else if (backendName.startsWith("org.apache.logging")) {
        fix = "Log at INFO: <Root level=\"info\"> in log4j2.xml.";
      } else {
        fix = KnownFinding.DEBUG_LOGGING.fix();
      }
      return List.of(
          KnownFinding.DEBUG_LOGGING.finding(
              "The SLF4J root logger logs at " + level + " (backend " + backendName + ").", fix));
    };
  }

  /**
   * Secrets written in {@code bulwark.properties}: a setting whose name says it holds a secret, or
   * a URI with a password (the Redis URI), whose value comes from a file rather than from the
   * environment or a system property. The value is never printed.
   */
  public static ReadinessCheck propertiesFileSecrets(ConfigSource source) {
    return context -> {
      List<Finding> findings = new ArrayList<>();
      for (ConfigSource.Entry entry : source.entries().values()) {
        if (!entry.origin().startsWith("classpath:") && !entry.origin().startsWith("file:")) {
          continue;
        }
        boolean named = SecretSettings.isSecretName(entry.key()) && SecretSettings.isLiteral(entry.value());
        if (named || SecretSettings.hasEmbeddedPassword(entry.value())) {
          String variable = SecretSettings.environmentVariable(entry.key());
          findings.add(
              KnownFinding.LITERAL_SECRET.finding(
                  entry.key()
                      + (named ? " is set literally" : " carries a password")
                      + " in "
                      + entry.origin()
                      + ".",
                  "Remove it from the file and pass it as the environment variable "
                      + variable
                      + " (or -D"
                      + entry.key()
                      + "=...) from a secret store; rotate the secret that was committed."));
        }
      }
      return findings;
    };
  }

  /** The H2 database console registered as a servlet. */
  public static ReadinessCheck h2ConsoleMapping(ServletContext context) {
    return readiness -> {
      List<Finding> findings = new ArrayList<>();
      for (Map.Entry<String, ? extends ServletRegistration> servlet : context.getServletRegistrations().entrySet()) {
        String className = servlet.getValue().getClassName();
        if (className != null && className.startsWith("org.h2.server.web.")) {
          findings.add(
              KnownFinding.DATABASE_CONSOLE_ENABLED.finding(
                  "The H2 console servlet '" + servlet.getKey() + "' (" + className + ") is mapped to "
                      + String.join(", ", servlet.getValue().getMappings()) + ".",
                  "Do not register the H2 console servlet in production (remove it from web.xml or the"
                      + " server's set-up)."));
        }
      }
      return findings;
    };
  }

  /**
   * Jetty error pages that show stack traces ({@code ErrorHandler.setShowStacks(true)}), for the
   * errors that never reach Bulwark's filter. Looked up reflectively, so other containers and Jetty
   * versions without the API simply yield nothing.
   */
  public static ReadinessCheck jettyErrorDetails(ServletContext context) {
    return readiness -> {
      Object handler = jettyErrorHandler(context);
      if (handler == null) {
        return List.of();
      }
      try {
        Method showStacks = handler.getClass().getMethod("isShowStacks");
        if (Boolean.TRUE.equals(showStacks.invoke(handler))) {
          return List.of(
              KnownFinding.ERROR_DETAILS_EXPOSED.finding(
                  "Jetty's error pages show stack traces (" + handler.getClass().getName() + ".isShowStacks() is true).",
                  "Call setShowStacks(false) on the Jetty ErrorHandler (the default)."));
        }
      } catch (ReflectiveOperationException | RuntimeException notJetty) {
        return List.of();
      }
      return List.of();
    };
  }

  private static Object jettyErrorHandler(ServletContext context) {
    Class<?> api = context.getClass();
    Class<?> handlerType = api.getEnclosingClass();
    if (handlerType == null || !handlerType.getName().startsWith("org.eclipse.jetty.")) {
      return null;
    }
    try {
      Object handler = handlerType.getMethod("getServletContextHandler", ServletContext.class).invoke(null, context);
      if (handler == null) {
        return null;
      }
      Object errors = handler.getClass().getMethod("getErrorHandler").invoke(handler);
      if (errors == null) {
        Object server = handler.getClass().getMethod("getServer").invoke(handler);
        errors = server == null ? null : server.getClass().getMethod("getErrorHandler").invoke(server);
      }
      return errors;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notJetty) {
      return null;
    }
  }
}
