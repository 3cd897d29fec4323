package dev.bulwark.spring.readiness;

import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.KnownFinding;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.readiness.SecretSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.util.ClassUtils;

/**
 * The readiness checks a Spring Boot application adds to Bulwark's configuration checks: what its
 * {@link Environment}, class path and Spring Security set-up reveal. The auto-configuration
 * registers each as a {@link ReadinessCheck} bean.
 */
public final class SpringReadinessChecks {

  /**
   * Actuator endpoints that reveal configuration, secrets, memory or code, or change the running
   * application; {@code health}, {@code info}, {@code metrics} and {@code prometheus} are not
   * among them.
   */
  public static final Set<String> SENSITIVE_ENDPOINTS =
      Set.of(
          "env", "heapdump", "beans", "configprops", "loggers", "threaddump", "shutdown", "mappings",
          "conditions", "logfile", "scheduledtasks", "httpexchanges", "auditevents", "sessions", "caches",
          "startup", "sbom", "flyway", "liquibase", "quartz", "integrationgraph", "bulwarkratelimit",
          "bulwarkreadiness", "bulwarkadoption");

  /** Endpoints whose access is {@code none} unless configured (Boot 4). */
  private static final Set<String> OFF_BY_DEFAULT = Set.of("shutdown", "heapdump");

  private static final String SECURITY_EVALUATOR = "org.springframework.security.web.access.WebInvocationPrivilegeEvaluator";

  private SpringReadinessChecks() {}

  /**
   * Returns why a TLS-terminating proxy is believed to be in front: {@code
   * server.forward-headers-strategy} set to {@code native} or {@code framework}, or a cloud
   * platform whose router terminates TLS and forwards headers (Cloud Foundry, Heroku, Azure App
   * Service, SAP).
   */
  public static Optional<String> tlsProxySignal(Environment environment) {
    String strategy = environment.getProperty("server.forward-headers-strategy");
    if (strategy != null) {
      String normalized = strategy.trim().toLowerCase(Locale.ROOT);
      if (normalized.equals("native") || normalized.equals("framework")) {
        return Optional.of("server.forward-headers-strategy=" + normalized);
      }
    }
    CloudPlatform platform = CloudPlatform.getActive(environment);
    if (platform != null && platform.isUsingForwardHeaders()) {
      return Optional.of("running on " + platform + ", whose router forwards HTTPS requests");
    }
    return Optional.empty();
  }

  /**
   * Sensitive Actuator endpoints exposed over HTTP (by {@code
   * management.endpoints.web.exposure.include}, {@code *} included) that anonymous callers reach:
   * Spring Security is absent, or its rules let an anonymous request through to the endpoint's
   * path. Management bound to loopback or off HTTP ({@code management.server.port=-1}) is fine.
   */
  public static final class ActuatorExposure implements ReadinessCheck {
    private final Environment environment;
    private final ClassLoader classLoader;
    private final ListableBeanFactory beans;

    /**
     * @param environment the application's settings
     * @param classLoader the application's class loader, to find Actuator and Spring Security
     * @param beans where Spring Security's {@code WebInvocationPrivilegeEvaluator} is looked up
     */
    public ActuatorExposure(Environment environment, ClassLoader classLoader, ListableBeanFactory beans) {
      this.environment = environment;
      this.classLoader = classLoader;
      this.beans = beans;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      if (!ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", classLoader)) {
        return List.of();
      }
      Binder binder = Binder.get(environment);
      Integer port = binder.bind("management.server.port", Integer.class).orElse(null);
      String address = environment.getProperty("management.server.address", "").trim();
      if ((port != null && port < 0) || isLoopback(address)) {
        return List.of();
      }
      Set<String> include = ids(binder, "management.endpoints.web.exposure.include", Set.of("health"));
      Set<String> exclude = ids(binder, "management.endpoints.web.exposure.exclude", Set.of());
      List<String> exposed = new ArrayList<>();
      for (String id : SENSITIVE_ENDPOINTS.stream().sorted().toList()) {
        if ((include.contains("*") || include.contains(id)) && !exclude.contains("*") && !exclude.contains(id) && accessible(id)) {
          exposed.add(id);
        }
      }
      if (exposed.isEmpty()) {
        return List.of();
      }
      String base = basePath();
      List<String> open;
      String why;
      if (!ClassUtils.isPresent(SECURITY_EVALUATOR, classLoader)) {
        open = exposed;
        why = "Spring Security is not on the class path";
      } else {
        List<String> allowed = Security.anonymouslyAllowed(beans, exposed, id -> base + "/" + mapping(id));
        if (allowed == null) {
          open = exposed;
          why = "no Spring Security web configuration is active";
        } else {
          open = allowed;
          why = "Spring Security lets anonymous requests through there";
        }
      }
      if (open.isEmpty()) {
        return List.of();
      }
      return List.of(
          KnownFinding.ACTUATOR_EXPOSED_UNAUTHENTICATED.finding(
              "management.endpoints.web.exposure.include="
                  + String.join(",", include)
                  + " exposes "
                  + String.join(", ", open)
                  + " over HTTP at "
                  + (base.isEmpty() ? "/" : base)
                  + " without authentication ("
                  + why
                  + ")."));
    }

    private static Set<String> ids(Binder binder, String name, Set<String> fallback) {
      Set<String> raw = binder.bind(name, Bindable.setOf(String.class)).orElse(fallback);
      Set<String> ids = new LinkedHashSet<>();
      for (String id : raw) {
        String trimmed = id.trim();
        if (!trimmed.isEmpty()) {
          ids.add(trimmed.equals("*") ? "*" : trimmed.toLowerCase(Locale.ROOT).replace("-", "").replace(".", ""));
        }
      }
      return ids;
    }

    /** Whether the endpoint's access is other than none (Boot 4: per endpoint, then the default, capped). */
    private boolean accessible(String id) {
      String max = environment.getProperty("management.endpoints.access.max-permitted", "");
      if (max.trim().equalsIgnoreCase("none")) {
        return false;
      }
      String access = environment.getProperty("management.endpoint." + id + ".access");
      if (access == null) {
        access = environment.getProperty("management.endpoints.access.default");
      }
      if (access == null) {
        return !OFF_BY_DEFAULT.contains(id);
      }
      return !access.trim().equalsIgnoreCase("none");
    }

    private String basePath() {
      String base = environment.getProperty("management.endpoints.web.base-path", "/actuator").trim();
      if (base.equals("/")) {
        return "";
      }
      if (!base.isEmpty() && !base.startsWith("/")) {
        base = "/" + base;
      }
      return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String mapping(String id) {
      String mapped = environment.getProperty("management.endpoints.web.path-mapping." + id, id).trim();
      return mapped.startsWith("/") ? mapped.substring(1) : mapped;
    }

    private static boolean isLoopback(String address) {
      return address.equals("127.0.0.1") || address.equals("::1") || address.equalsIgnoreCase("localhost")
          || address.startsWith("127.");
    }
  }

  /** Kept apart so that Spring Security's classes are loaded only when they are present. */
  private static final class Security {
    private Security() {}

    /** Returns the ids whose path anonymous callers may request, or null without a web security set-up. */
    static List<String> anonymouslyAllowed(
        ListableBeanFactory beans, List<String> ids, java.util.function.Function<String, String> path) {
      WebInvocationPrivilegeEvaluator evaluator = beans.getBeanProvider(WebInvocationPrivilegeEvaluator.class).getIfUnique();
      if (evaluator == null) {
        return null;
      }
      Authentication anonymous =
          new AnonymousAuthenticationToken("bulwark-readiness", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
      return ids.stream().filter(id -> evaluator.isAllowed(path.apply(id), anonymous)).toList();
    }
  }

  /**
   * Passwords, secrets, tokens and keys whose value in force comes from a configuration file
   * ({@code application.yml}, {@code application-prod.properties}, an imported file) rather than
   * the environment, system properties or the command line. Never prints the value.
   */
  public static final class LiteralSecrets implements ReadinessCheck {
    private final ConfigurableEnvironment environment;

    /** @param environment the application's settings, whose property sources are walked */
    public LiteralSecrets(ConfigurableEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      List<Finding> findings = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (PropertySource<?> source : environment.getPropertySources()) {
        if (!(source instanceof OriginTrackedMapPropertySource file)) {
          continue;
        }
        for (String name : file.getPropertyNames()) {
          Object raw = file.getProperty(name);
          String value = raw == null ? null : raw.toString();
          boolean named = SecretSettings.isSecretName(name) && SecretSettings.isLiteral(value);
          if (!named && !SecretSettings.hasEmbeddedPassword(value)) {
            continue;
          }
          if (effectiveSource(name) != file || !seen.add(name)) {
            continue;
          }
          Origin origin = file.getOrigin(name);
          String where = origin != null ? origin.toString() : file.getName();
          String variable = SecretSettings.environmentVariable(name);
          findings.add(
              KnownFinding.LITERAL_SECRET.finding(
                  name + (named ? " is set literally in " : " carries a password in ") + where + ".",
                  "Write " + name + ": ${" + variable + "} in the file and pass " + variable
                      + " from the environment or a secret store (or use a config tree); rotate the secret"
                      + " that was committed."));
        }
      }
      return findings;
    }

    private PropertySource<?> effectiveSource(String name) {
      for (PropertySource<?> source : environment.getPropertySources()) {
        // Boot's attached view over every other source, which would always answer first.
        if ("configurationProperties".equals(source.getName())) {
          continue;
        }
        if (source.containsProperty(name)) {
          return source;
        }
      }
      return null;
    }
  }

  /** {@code server.error.include-*} settings that put stack traces, exceptions or messages in error answers. */
  public static final class ErrorDetails implements ReadinessCheck {
    private final Environment environment;

    /** @param environment the application's settings */
    public ErrorDetails(Environment environment) {
      this.environment = environment;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      List<String> found = new ArrayList<>();
      for (String name : List.of("include-stacktrace", "include-message", "include-binding-errors")) {
        String value = environment.getProperty("server.error." + name);
        if (value != null) {
          String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
          if (normalized.equals("always") || normalized.equals("on-param")) {
            found.add("server.error." + name + "=" + normalized);
          }
        }
      }
      if ("true".equalsIgnoreCase(environment.getProperty("server.error.include-exception", "").trim())) {
        found.add("server.error.include-exception=true");
      }
      if (found.isEmpty()) {
        return List.of();
      }
      return List.of(
          KnownFinding.ERROR_DETAILS_EXPOSED.finding(
              String.join(", ", found) + ": Spring's error answers carry these details wherever Bulwark does not"
                  + " replace them (Bulwark switched off, the /error path requested directly).",
              "Remove " + String.join(", ", found.stream().map(f -> f.substring(0, f.indexOf('='))).toList())
                  + " (the defaults are never and false)."));
    }
  }

  /** {@code debug=true}, {@code trace=true} or {@code logging.level.root} at DEBUG or TRACE. */
  public static final class DebugLogging implements ReadinessCheck {
    private final Environment environment;

    /** @param environment the application's settings */
    public DebugLogging(Environment environment) {
      this.environment = environment;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      List<String> found = new ArrayList<>();
      for (String flag : List.of("debug", "trace")) {
        // As Spring Boot reads them: set and not "false" (--debug gives an empty value).
        String value = environment.getProperty(flag);
        if (value != null && !value.trim().equalsIgnoreCase("false")) {
          found.add(flag + "=" + (value.isBlank() ? "true" : value.trim()));
        }
      }
      String root = environment.getProperty("logging.level.root");
      if (root != null && Set.of("debug", "trace", "all").contains(root.trim().toLowerCase(Locale.ROOT))) {
        found.add("logging.level.root=" + root.trim().toLowerCase(Locale.ROOT));
      }
      if (found.isEmpty()) {
        return List.of();
      }
      return List.of(
          KnownFinding.DEBUG_LOGGING.finding(
              String.join(", ", found) + ": debug or trace output is logged.",
              "Remove " + String.join(", ", found.stream().map(f -> f.substring(0, f.indexOf('='))).toList())
                  + " from the production configuration; logging.level.root=info."));
    }
  }

  /** Spring Boot DevTools on the class path. */
  public static final class DevTools implements ReadinessCheck {
    private final Environment environment;
    private final ClassLoader classLoader;

    /**
     * @param environment the application's settings, for the remote secret
     * @param classLoader the application's class loader
     */
    public DevTools(Environment environment, ClassLoader classLoader) {
      this.environment = environment;
      this.classLoader = classLoader;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      if (!ClassUtils.isPresent("org.springframework.boot.devtools.restart.Restarter", classLoader)) {
        return List.of();
      }
      boolean remote = environment.getProperty("spring.devtools.remote.secret") != null;
      return List.of(
          KnownFinding.DEV_TOOLS_ON_CLASSPATH.finding(
              "spring-boot-devtools is on the class path"
                  + (remote ? " and spring.devtools.remote.secret is set, which serves the remote update endpoint." : ".")));
    }
  }

  /** The H2 web console switched on. */
  public static final class DatabaseConsole implements ReadinessCheck {
    private final Environment environment;

    /** @param environment the application's settings */
    public DatabaseConsole(Environment environment) {
      this.environment = environment;
    }

    @Override
    public List<Finding> check(ReadinessContext context) {
      if (!"true".equalsIgnoreCase(environment.getProperty("spring.h2.console.enabled", "").trim())) {
        return List.of();
      }
      String path = environment.getProperty("spring.h2.console.path", "/h2-console");
      boolean others = "true".equalsIgnoreCase(environment.getProperty("spring.h2.console.settings.web-allow-others", "").trim());
      return List.of(
          KnownFinding.DATABASE_CONSOLE_ENABLED.finding(
              "spring.h2.console.enabled=true serves the H2 console at " + path
                  + (others ? " and accepts remote connections (spring.h2.console.settings.web-allow-others=true)." : ".")));
    }
  }
}
