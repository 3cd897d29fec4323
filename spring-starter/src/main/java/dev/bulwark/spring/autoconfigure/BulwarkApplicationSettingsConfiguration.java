package dev.bulwark.spring.autoconfigure;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.headers.HstsConfig;
import dev.bulwark.path.PathOverride;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Respects what the application configured itself. Once every bean exists, before the server takes
 * requests, it looks for the application's own CORS handling and Spring Security's header
 * settings, and for each one either leaves it to the application (logged), or refuses to start
 * when a {@code bulwark.*} setting says otherwise (the message names both):
 *
 * <ul>
 *   <li>CORS of the application's own and no {@code bulwark.cors.allowed-origins}: Bulwark's CORS
 *       stage passes every request on, so the application answers its preflights;
 *   <li>CORS of the application's own and allowed origins in Bulwark: refused, two answers to one
 *       preflight;
 *   <li>a header Spring Security writes with a value of the application's choosing: Bulwark no
 *       longer writes it, unless a {@code bulwark.headers.*} setting asks for another value, which
 *       is refused.
 * </ul>
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnBean(Assembly.class)
public final class BulwarkApplicationSettingsConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkApplicationSettingsConfiguration.class);
  private static final String SECURITY = "org.springframework.security.web.header.HeaderWriterFilter";

  /** The check, run after every singleton exists. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkApplicationSettings")
  SmartInitializingSingleton bulwarkApplicationSettings(Assembly assembly, ListableBeanFactory beans, Environment environment) {
    return () -> {
      if (!assembly.enabled()) {
        return;
      }
      ClassLoader loader = getClass().getClassLoader();
      respectCors(assembly, ApplicationCors.find(beans, loader));
      if (ClassUtils.isPresent(SECURITY, loader)) {
        Map<String, String> unreadable = new LinkedHashMap<>();
        Map<String, SpringSecurityHeaders.Chain> chains = SpringSecurityHeaders.read(beans, unreadable);
        unreadable.forEach((chain, why) -> LOG.warn(
            "Bulwark could not read the header settings of SecurityFilterChain '{}' ({}); Bulwark writes its headers as configured", chain, why));
        respectHeaders(assembly, Binder.get(environment), chains);
      }
    };
  }

  static void respectCors(Assembly assembly, List<String> application) {
    BulwarkConfig config = assembly.config();
    if (application.isEmpty() || !config.cors().enabled()) {
      return;
    }
    String found = String.join("; ", application);
    if (!config.cors().allowedOrigins().isEmpty()) {
      throw new BeanInitializationException(
          "Bulwark: bulwark.cors.allowed-origins=" + config.cors().allowedOrigins()
              + " and the application's own CORS configuration (" + found + ") would both answer CORS;"
              + " Bulwark answers preflights ahead of Spring Security and Spring MVC, so the application's"
              + " configuration would be silently overridden. Keep one: remove bulwark.cors.allowed-origins"
              + " (Bulwark then leaves CORS to the application), or remove the application's configuration,"
              + " or set bulwark.cors.enabled=false.");
    }
    assembly.cors().deferToApplication();
    LOG.info(
        "Bulwark defers CORS to the application: {}. bulwark.cors.allowed-origins is empty, so Bulwark's CORS"
            + " stage passes every request on and the application answers its own preflights.",
        found);
  }

  /** One header Bulwark writes, the properties that set it, and its value in a configuration. */
  private record Managed(String header, List<String> properties, Function<HeadersConfig, String> value) {}

  private static final List<Managed> MANAGED =
      List.of(
          new Managed("X-Frame-Options", List.of("frame-options"), HeadersConfig::frameOptions),
          new Managed("X-Content-Type-Options", List.of("content-type-options"), HeadersConfig::contentTypeOptions),
          new Managed("Referrer-Policy", List.of("referrer-policy"), HeadersConfig::referrerPolicy),
          new Managed("Permissions-Policy", List.of("permissions-policy"), HeadersConfig::permissionsPolicy),
          new Managed("Cross-Origin-Opener-Policy", List.of("cross-origin-opener-policy"), HeadersConfig::crossOriginOpenerPolicy),
          new Managed("Cross-Origin-Resource-Policy", List.of("cross-origin-resource-policy"), HeadersConfig::crossOriginResourcePolicy),
          new Managed("Cross-Origin-Embedder-Policy", List.of("cross-origin-embedder-policy"), HeadersConfig::crossOriginEmbedderPolicy),
          new Managed("X-Permitted-Cross-Domain-Policies", List.of("permitted-cross-domain-policies"), HeadersConfig::permittedCrossDomainPolicies),
          new Managed("X-DNS-Prefetch-Control", List.of("dns-prefetch-control"), HeadersConfig::dnsPrefetchControl),
          new Managed(
              "Strict-Transport-Security",
              List.of("hsts.enabled", "hsts.max-age", "hsts.include-sub-domains", "hsts.preload"),
              headers -> hsts(headers.hsts())),
          new Managed(
              "Content-Security-Policy",
              List.of("csp.enabled", "csp.html-policy", "csp.api-policy"),
              headers -> csp(headers.csp())),
          new Managed(
              "Content-Security-Policy-Report-Only",
              List.of("csp.report-only-policy"),
              headers -> headers.csp().enabled() ? headers.csp().reportOnlyPolicy() : ""));

  private static String hsts(HstsConfig hsts) {
    return hsts.enabled() ? hsts.headerValue() : "";
  }

  private static String csp(CspConfig csp) {
    return csp.enabled() ? csp.htmlPolicy() + " | " + csp.apiPolicy() : "";
  }

  static void respectHeaders(Assembly assembly, Binder binder, Map<String, SpringSecurityHeaders.Chain> chains) {
    HeadersConfig bulwark = assembly.config().headers();
    if (!bulwark.enabled() || chains.isEmpty()) {
      return;
    }
    HeadersConfig defaults = HeadersConfig.defaults();
    Set<String> deferred = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    List<String> deferredLog = new ArrayList<>();
    Set<String> disabledLog = new LinkedHashSet<>();
    for (SpringSecurityHeaders.Chain chain : chains.values()) {
      if (chain.headers() == null) {
        disabledLog.add("SecurityFilterChain '" + chain.name() + "' writes no headers (http.headers(h -> h.disable()))");
        continue;
      }
      for (Managed managed : MANAGED) {
        String theirs = chain.headers().get(managed.header());
        String springDefault = SpringSecurityHeaders.DEFAULTS.get(managed.header());
        if (theirs == null) {
          if (springDefault != null) {
            disabledLog.add("SecurityFilterChain '" + chain.name() + "' disables " + managed.header());
          }
          continue;
        }
        if (springDefault != null && normalise(springDefault).equals(normalise(theirs))) {
          continue; // Spring Security's default, not the application's setting: Bulwark's value stands
        }
        String ours = managed.value().apply(bulwark);
        String setting = explicitSetting(binder, managed, assembly.config(), defaults);
        if (setting != null && (setting.startsWith("bulwark.paths") || !ours.isEmpty() && !sameValue(managed, ours, theirs))) {
          throw new BeanInitializationException(
              "Bulwark: " + setting + " conflicts with Spring Security's " + managed.header() + ": " + theirs
                  + " (http.headers(...) in SecurityFilterChain '" + chain.name() + "'). Both would write the"
                  + " header; keep one: remove the bulwark setting to leave the header to Spring Security,"
                  + " or remove the Spring Security setting.");
        }
        if (setting == null && deferred.add(managed.header())) {
          deferredLog.add(managed.header() + ": " + theirs + " (SecurityFilterChain '" + chain.name() + "')");
        }
      }
    }
    if (!disabledLog.isEmpty()) {
      LOG.info(
          "Bulwark writes its own security headers where Spring Security writes none: {}. To send none of one,"
              + " set its bulwark.headers.* property to empty (bulwark.headers.frame-options=, say).",
          String.join("; ", disabledLog));
    }
    if (deferred.isEmpty()) {
      return;
    }
    assembly.deferHeaders(deferred);
    LOG.info("Bulwark defers these headers to Spring Security's http.headers(...) and no longer writes them: {}", String.join("; ", deferredLog));
    String frameAncestors = "frame-ancestors 'none'";
    if (deferred.contains("X-Frame-Options")
        && !deferred.contains("Content-Security-Policy")
        && bulwark.csp().enabled()
        && (bulwark.csp().htmlPolicy().contains(frameAncestors) || bulwark.csp().apiPolicy().contains(frameAncestors))) {
      LOG.warn(
          "Spring Security sets X-Frame-Options, but Bulwark's Content-Security-Policy says {}, which browsers"
              + " obey first: no page can be framed. To allow framing, set frame-ancestors in"
              + " bulwark.headers.csp.html-policy and api-policy as well.",
          frameAncestors);
    }
  }

  /**
   * The bulwark setting that chose this header's value, as {@code property=value}, or {@code null}
   * when the value is Bulwark's default: a property bound from the environment, a value other
   * than the default (a configuration built in code), or a per-path override.
   */
  private static String explicitSetting(Binder binder, Managed managed, BulwarkConfig config, HeadersConfig defaults) {
    HeadersConfig bulwark = config.headers();
    String ours = managed.value().apply(bulwark);
    List<String> paths = pathSettings(config, managed.header());
    if (!paths.isEmpty()) {
      return String.join(", ", paths);
    }
    for (String property : managed.properties()) {
      String name = "bulwark.headers." + property;
      if (binder.bind(name, Bindable.of(String.class)).isBound()) {
        return name + "=" + ours;
      }
    }
    if (!ours.equals(managed.value().apply(defaults))) {
      return "bulwark.headers." + managed.properties().get(managed.properties().size() > 1 ? 1 : 0) + "=" + ours;
    }
    return null;
  }

  private static boolean sameValue(Managed managed, String ours, String theirs) {
    if (managed.header().equals("Content-Security-Policy")) {
      return false; // Bulwark's has an HTML and an API policy; Spring Security's is one
    }
    return normalise(ours).equals(normalise(theirs));
  }

  private static String normalise(String value) {
    return value.trim().replaceAll("\\s*([;,])\\s*", "$1 ").toLowerCase(java.util.Locale.ROOT);
  }

  /** The per-path overrides that set a header Bulwark would otherwise leave to the application. */
  private static List<String> pathSettings(BulwarkConfig config, String header) {
    List<String> settings = new ArrayList<>();
    List<PathOverride> paths = config.paths();
    for (int i = 0; i < paths.size(); i++) {
      PathOverride path = paths.get(i);
      if (header.equals("X-Frame-Options") && path.frameOptions() != null && !path.frameOptions().isEmpty()) {
        settings.add("bulwark.paths[" + i + "].frame-options=" + path.frameOptions());
      }
      if (header.equals("Content-Security-Policy") && path.csp() != null && !path.csp().isEmpty()) {
        settings.add("bulwark.paths[" + i + "].csp=" + path.csp());
      }
    }
    return settings;
  }
}
