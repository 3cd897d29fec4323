package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ConfigException;
import dev.bulwark.headers.RiskySetting;
import dev.bulwark.net.ClientIpConfig.ForwardedHeader;
import dev.bulwark.path.PathOverride;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulwarkConfigLoaderTest {

  static BulwarkConfig load(String... keysAndValues) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(map(keysAndValues), "test"));
  }

  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static Consumer<ConfigException> property(String name, String... messageParts) {
    return e -> {
      assertThat(e.property()).isEqualTo(name);
      assertThat(e.getMessage()).startsWith(name + ": ").contains(messageParts);
    };
  }

  static void assertFails(Map<String, String> values, String property, String... messageParts) {
    assertThatThrownBy(() -> BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test")))
        .isInstanceOfSatisfying(ConfigException.class, property(property, messageParts));
  }

  @Nested
  class Defaults {

    @Test
    void emptySourceGivesTheDefaults() {
      assertThat(BulwarkConfigLoader.load(ConfigSource.empty())).isEqualTo(BulwarkConfig.defaults());
    }

    @Test
    void unrelatedKeysAreIgnored() {
      assertThat(load("server.port", "8080", "spring.application.name", "x", "bulwarkish", "y"))
          .isEqualTo(BulwarkConfig.defaults());
    }

    @Test
    void defaultsAreTheRecordDefaults() {
      BulwarkConfig defaults = BulwarkConfig.defaults();
      assertThat(defaults.enabled()).isTrue();
      assertThat(defaults.paths()).isEmpty();
      assertThat(defaults.headers().hsts().maxAge()).isEqualTo(Duration.ofDays(730));
      assertThat(defaults.clientIp().trustedProxies()).isEmpty();
      assertThat(defaults.host().httpsRedirect()).isFalse();
    }
  }

  @Nested
  class RelaxedNames {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "bulwark.headers.hsts.max-age", "bulwark.headers.hsts.maxAge", "bulwark.headers.hsts.maxage",
          "bulwark.headers.hsts.MAX-AGE", "Bulwark.Headers.Hsts.Max-Age"
        })
    void acceptsEverySpelling(String key) {
      assertThat(load(key, "365d").headers().hsts().maxAge()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void underscoresAreNoSeparatorInFiles() {
      assertFails(map("bulwark.headers.hsts.max_age", "365d"), "bulwark.headers.hsts.max_age", "unknown setting");
    }

    @Test
    void environmentVariables() {
      BulwarkConfig config =
          BulwarkConfigLoader.load(
              ConfigSource.fromEnvironment(
                  map(
                      "BULWARK_HEADERS_HSTS_MAXAGE", "400d",
                      "BULWARK_CLIENTIP_TRUSTEDPROXIES", "10.0.0.0/8,fd00::/8",
                      "BULWARK_CORS_ALLOWEDORIGINS_0", "https://a.example.com",
                      "BULWARK_CORS_ALLOWEDORIGINS_1", "https://b.example.com",
                      "BULWARK_ENABLED", "true",
                      "PATH", "/usr/bin",
                      "BULWARKX", "ignored")));
      assertThat(config.headers().hsts().maxAge()).isEqualTo(Duration.ofDays(400));
      assertThat(config.clientIp().trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8");
      assertThat(config.cors().allowedOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
    }

    @Test
    void unknownEnvironmentVariablesAreIgnored() {
      BulwarkConfig config =
          BulwarkConfigLoader.load(ConfigSource.fromEnvironment(map("BULWARK_HEADERS_HSTS_MAX_AGE", "1d", "BULWARK_TYPO", "x")));
      assertThat(config).isEqualTo(BulwarkConfig.defaults());
    }

    @Test
    void badEnvironmentValuesStillFail() {
      assertThatThrownBy(
              () -> BulwarkConfigLoader.load(ConfigSource.fromEnvironment(map("BULWARK_HEADERS_HSTS_ENABLED", "yes"))))
          .isInstanceOfSatisfying(
              ConfigException.class,
              property("bulwark.headers.hsts.enabled", "'yes'", "environment variable", "true, false"));
    }

    @Test
    void normalizeFoldsCaseDashesAndIndexes() {
      assertThat(ConfigSource.normalize("bulwark.paths[0].cache-control")).isEqualTo("bulwark.paths.0.cachecontrol");
      assertThat(ConfigSource.normalize("Bulwark.Cors.allowedOrigins[12]")).isEqualTo("bulwark.cors.allowedorigins.12");
    }
  }

  @Nested
  class Lists {

    @Test
    void commaSeparated() {
      BulwarkConfig config = load("bulwark.cors.allowed-origins", " https://a.example.com , https://*.b.example.com,, ");
      assertThat(config.cors().allowedOrigins()).containsExactly("https://a.example.com", "https://*.b.example.com");
    }

    @Test
    void indexed() {
      BulwarkConfig config =
          load(
              "bulwark.cors.allowed-origins[1]", "https://b.example.com",
              "bulwark.cors.allowed-origins[0]", "https://a.example.com",
              "bulwark.cors.allowed-origins[10]", "https://c.example.com");
      assertThat(config.cors().allowedOrigins())
          .containsExactly("https://a.example.com", "https://b.example.com", "https://c.example.com");
    }

    @Test
    void emptyValueIsAnEmptyList() {
      assertThat(load("bulwark.headers.remove", "").headers().remove()).isEmpty();
    }

    @Test
    void listOfRecords() {
      BulwarkConfig config =
          load(
              "bulwark.paths[0].patterns", "/static/**, /assets/**",
              "bulwark.paths[0].headers", "false",
              "bulwark.paths[1].patterns[0]", "/api/**",
              "bulwark.paths[1].cache-control", "no-cache",
              "bulwark.paths[1].cross-site", "false",
              "bulwark.paths[1].frameOptions", "SAMEORIGIN");
      assertThat(config.paths())
          .containsExactly(
              new PathOverride(List.of("/static/**", "/assets/**"), false, null, null, null, null, null, null),
              new PathOverride(List.of("/api/**"), null, null, "no-cache", "SAMEORIGIN", false, null, null));
    }

    @Test
    void aPathOverridesTheBodyLimit() {
      BulwarkConfig config =
          load(
              "bulwark.limits.max-body-bytes", "1000",
              "bulwark.paths[0].patterns", "/upload/**",
              "bulwark.paths[0].max-body-bytes", "50000000",
              "bulwark.paths[1].patterns", "/api/**",
              "bulwark.paths[1].maxBodyBytes", "2048");
      assertThat(config.limits().maxBodyBytes()).isEqualTo(1000L);
      assertThat(config.paths()).extracting(PathOverride::maxBodyBytes).containsExactly(50_000_000L, 2048L);
      assertThat(load("bulwark.paths[0].patterns", "/x/**").paths().get(0).maxBodyBytes())
          .as("left out: the global limit applies")
          .isNull();
    }

    @Test
    void aNegativePathBodyLimitNamesTheItem() {
      assertFails(
          map("bulwark.paths[0].patterns", "/x/**", "bulwark.paths[0].max-body-bytes", "-1"),
          "bulwark.paths[0]",
          "max-body-bytes must be 0 or more");
    }

    @Test
    void listOfRecordsNeedsItsRequiredParts() {
      assertFails(map("bulwark.paths[0].headers", "false"), "bulwark.paths[0]", "patterns must list at least one");
    }

    @Test
    void invalidPatternNamesTheItem() {
      assertFails(map("bulwark.paths[2].patterns", "static/**"), "bulwark.paths[2]", "must start with '/'");
    }

    @Test
    void aWholeValueForARecordListIsUnknown() {
      assertFails(map("bulwark.paths", "/static/**"), "bulwark.paths", "unknown setting");
      assertFails(map("bulwark.paths[0]", "/static/**"), "bulwark.paths[0]", "unknown setting");
    }

    @Test
    void enumLists() {
      assertThat(load("bulwark.headers.allow-risky", "unsafe-inline, SHORT_HSTS,wildcard").headers().allowRisky())
          .containsExactly(RiskySetting.UNSAFE_INLINE, RiskySetting.SHORT_HSTS, RiskySetting.WILDCARD);
    }
  }

  @Nested
  class Values {

    @ParameterizedTest
    @ValueSource(strings = {"x-forwarded-for", "X_FORWARDED_FOR", "XForwardedFor", " x-forwarded-for "})
    void lenientEnumsForXForwardedFor(String value) {
      assertThat(load("bulwark.client-ip.header", value).clientIp().header()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forwarded", "FORWARDED", "Forwarded"})
    void lenientEnumsForForwarded(String value) {
      assertThat(load("bulwark.client-ip.header", value).clientIp().header()).isEqualTo(ForwardedHeader.FORWARDED);
    }

    @Test
    void badEnumListsTheAllowedValues() {
      assertFails(
          map("bulwark.client-ip.header", "x-real-ip"),
          "bulwark.client-ip.header",
          "invalid value 'x-real-ip' (test)",
          "allowed values: x-forwarded-for, forwarded");
      assertFails(
          map("bulwark.headers.allow-risky", "unsafe-inline,everything"),
          "bulwark.headers.allow-risky",
          "allowed values: unsafe-inline, unsafe-eval, wildcard, short-hsts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"730d", "63072000s", "17520h", "1051200m", "PT17520H", "P730D", " 730D "})
    void durations(String value) {
      assertThat(load("bulwark.headers.hsts.max-age", value).headers().hsts().maxAge()).isEqualTo(Duration.ofDays(730));
    }

    @Test
    void durationUnits() {
      assertThat(load("bulwark.cors.max-age", "1500ms").cors().maxAge()).isEqualTo(Duration.ofMillis(1500));
      assertThat(load("bulwark.cors.max-age", "10s").cors().maxAge()).isEqualTo(Duration.ofSeconds(10));
      assertThat(load("bulwark.cors.max-age", "PT10S").cors().maxAge()).isEqualTo(Duration.ofSeconds(10));
      assertThat(load("bulwark.cors.max-age", "5m").cors().maxAge()).isEqualTo(Duration.ofMinutes(5));
      assertThat(load("bulwark.cors.max-age", "2h").cors().maxAge()).isEqualTo(Duration.ofHours(2));
      assertThat(load("bulwark.cors.max-age", "+7d").cors().maxAge()).isEqualTo(Duration.ofDays(7));
      assertThat(load("bulwark.cors.max-age", "1000us").cors().maxAge()).isEqualTo(Duration.ofMillis(1));
      assertThat(load("bulwark.cors.max-age", "1000000ns").cors().maxAge()).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10 s", "ten seconds", "10sec", "-5s", "1.5h", "P", "PTXS", ""})
    void durationsNeedAUnit(String value) {
      assertFails(
          map("bulwark.cors.max-age", value),
          "bulwark.cors.max-age",
          "invalid value '" + value + "'",
          "expected a duration with a unit such as 500ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999999999d", "999999999999999999h", "999999999999999999m", "999999999999999999us"})
    void hugeDurationsFailAsConfigErrors(String value) {
      assertFails(map("bulwark.cors.max-age", value), "bulwark.cors.max-age", "invalid value '" + value + "'");
    }

    @Test
    void negativeIsoDurationIsRefusedByTheRecord() {
      assertFails(map("bulwark.headers.hsts.max-age", "-PT10S"), "bulwark.headers.hsts", "max-age must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "TRUE!", ""})
    void badBoolean(String value) {
      assertFails(map("bulwark.enabled", value), "bulwark.enabled", "invalid value '" + value + "'", "allowed values: true, false");
    }

    @Test
    void booleansIgnoreCase() {
      assertThat(load("bulwark.enabled", "FALSE").enabled()).isFalse();
      assertThat(load("bulwark.enabled", " True ").enabled()).isTrue();
    }

    @Test
    void badInteger() {
      assertFails(map("bulwark.client-ip.ipv6-prefix", "sixty-four"), "bulwark.client-ip.ipv6-prefix", "expected a whole number");
      assertFails(map("bulwark.host.https-port", "99999999999"), "bulwark.host.https-port", "expected a whole number");
    }

    @Test
    void integers() {
      assertThat(load("bulwark.client-ip.ipv6-prefix", " 56 ").clientIp().ipv6Prefix()).isEqualTo(56);
    }

    @Test
    void stringsAreTrimmed() {
      assertThat(load("bulwark.headers.frame-options", "  SAMEORIGIN ").headers().frameOptions()).isEqualTo("SAMEORIGIN");
    }

    @Test
    void longValuesAreAbbreviatedInMessages() {
      String value = "x".repeat(200);
      assertThatThrownBy(() -> load("bulwark.enabled", value))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("x".repeat(80) + "...")
          .hasMessageNotContaining("x".repeat(81));
    }
  }

  @Nested
  class Validation {

    @Test
    void unknownKeyIsNamed() {
      assertFails(
          map("bulwark.headers.hsts.max-agee", "730d"),
          "bulwark.headers.hsts.max-agee",
          "unknown setting",
          "bulwark.headers.hsts.max-agee (test)");
    }

    @Test
    void anUnknownKeyWithASpaceIsNamedWhole() {
      // the name was cut at the first space (a fuzz test's finding)
      assertFails(
          map("bulwark.cors.allowed origins", "https://a.example"),
          "bulwark.cors.allowed origins",
          "unknown setting",
          "bulwark.cors.allowed origins (test)");
    }

    @Test
    void everyUnknownKeyIsListed() {
      assertThatThrownBy(() -> load("bulwark.corz.enabled", "true", "bulwark.headers.frame-option", "DENY"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.corz.enabled");
                assertThat(e.getMessage())
                    .contains("bulwark.corz.enabled (test)")
                    .contains("bulwark.headers.frame-option (test)");
              });
    }

    @Test
    void aValueForARecordIsUnknown() {
      assertFails(map("bulwark.headers", "on"), "bulwark.headers", "unknown setting");
    }

    @Test
    void redirectWithoutAllowedHostsNamesTheHostSection() {
      assertFails(map("bulwark.host.https-redirect", "true"), "bulwark.host", "https-redirect needs bulwark.host.allowed");
    }

    @Test
    void redirectWithAllowedHostsLoads() {
      BulwarkConfig config = load("bulwark.host.https-redirect", "true", "bulwark.host.allowed", "Notes.Example.com");
      assertThat(config.host().httpsRedirect()).isTrue();
      assertThat(config.host().allowed()).containsExactly("notes.example.com");
    }

    @Test
    void recordErrorsAreWrappedWithTheirCause() {
      assertThatThrownBy(() -> load("bulwark.client-ip.trusted-proxies", "10.0.0.0/8, nope"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.property()).isEqualTo("bulwark.client-ip");
                assertThat(e.getMessage()).contains("'nope'");
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
              });
      assertFails(
          map("bulwark.cors.allowed-origins", "*", "bulwark.cors.allow-credentials", "true"),
          "bulwark.cors",
          "allow-credentials");
      assertFails(map("bulwark.headers.csp.report-path", "csp"), "bulwark.headers.csp", "report-path");
      assertFails(map("bulwark.cross-site.trusted-origins", "*"), "bulwark.cross-site", "must not be '*'");
    }

    @Test
    void loadsEverything() {
      BulwarkConfig config =
          load(
              "bulwark.enabled", "true",
              "bulwark.client-ip.trusted-proxies[0]", "10.0.0.0/8",
              "bulwark.client-ip.header", "forwarded",
              "bulwark.headers.csp.html-policy", "default-src 'self'",
              "bulwark.headers.csp.report-path", "",
              "bulwark.headers.hsts.preload", "true",
              "bulwark.headers.remove", "Server",
              "bulwark.cors.allowed-methods", "get,post",
              "bulwark.cors.allow-credentials", "true",
              "bulwark.cors.allowed-origins", "https://app.example.com",
              "bulwark.cross-site.bypass-paths", "/webhooks/**",
              "bulwark.host.allowed", "*.example.com",
              "bulwark.host.https-port", "8443");
      assertThat(config.clientIp().header()).isEqualTo(ForwardedHeader.FORWARDED);
      assertThat(config.clientIp().trustedProxies()).containsExactly("10.0.0.0/8");
      assertThat(config.headers().csp().htmlPolicy()).isEqualTo("default-src 'self'");
      assertThat(config.headers().csp().reportPath()).isEmpty();
      assertThat(config.headers().hsts().preload()).isTrue();
      assertThat(config.headers().hsts().includeSubDomains()).isTrue();
      assertThat(config.headers().remove()).containsExactly("Server");
      assertThat(config.cors().allowedMethods()).containsExactly("GET", "POST");
      assertThat(config.cors().allowCredentials()).isTrue();
      assertThat(config.crossSite().bypassPaths()).containsExactly("/webhooks/**");
      assertThat(config.host().httpsPort()).isEqualTo(8443);
    }
  }

  @Nested
  class Layering {

    @Test
    void earlierSourcesWin() {
      ConfigSource high = ConfigSource.fromMap(map("bulwark.headers.frame-options", "SAMEORIGIN"), "high");
      ConfigSource low =
          ConfigSource.fromMap(map("bulwark.headers.frameOptions", "DENY", "bulwark.headers.referrer-policy", "same-origin"), "low");
      BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.layered(List.of(high, low)));
      assertThat(config.headers().frameOptions()).isEqualTo("SAMEORIGIN");
      assertThat(config.headers().referrerPolicy()).isEqualTo("same-origin");
      config = BulwarkConfigLoader.load(ConfigSource.layered(List.of(low, high)));
      assertThat(config.headers().frameOptions()).isEqualTo("DENY");
    }

    @Test
    void environmentOverridesAFileAndErrorsNameTheWinningOrigin() {
      Properties file = new Properties();
      file.setProperty("bulwark.headers.hsts.max-age", "365d");
      file.setProperty("bulwark.enabled", "true");
      ConfigSource layered =
          ConfigSource.layered(
              List.of(
                  ConfigSource.fromEnvironment(map("BULWARK_HEADERS_HSTS_MAXAGE", "400d")),
                  ConfigSource.fromProperties(file, "classpath:bulwark.properties")));
      assertThat(BulwarkConfigLoader.load(layered).headers().hsts().maxAge()).isEqualTo(Duration.ofDays(400));

      ConfigSource broken =
          ConfigSource.layered(
              List.of(
                  ConfigSource.fromEnvironment(map("BULWARK_ENABLED", "maybe")),
                  ConfigSource.fromProperties(file, "classpath:bulwark.properties")));
      assertThatThrownBy(() -> BulwarkConfigLoader.load(broken))
          .isInstanceOfSatisfying(
              ConfigException.class, property("bulwark.enabled", "'maybe' (environment variable)"));
    }

    @Test
    void strictnessFollowsTheSource() {
      ConfigSource layered =
          ConfigSource.layered(
              List.of(
                  ConfigSource.fromEnvironment(map("BULWARK_NOT_A_SETTING", "x")),
                  ConfigSource.fromMap(map("bulwark.headers.frame-options", "DENY"), "file")));
      assertThat(BulwarkConfigLoader.load(layered).headers().frameOptions()).isEqualTo("DENY");
      ConfigSource withTypo =
          ConfigSource.layered(
              List.of(
                  ConfigSource.fromEnvironment(map("BULWARK_NOT_A_SETTING", "x")),
                  ConfigSource.fromMap(map("bulwark.headers.frame-optoins", "DENY"), "file")));
      assertThatThrownBy(() -> BulwarkConfigLoader.load(withTypo))
          .isInstanceOfSatisfying(
              ConfigException.class,
              property("bulwark.headers.frame-optoins", "bulwark.headers.frame-optoins (file)"));
    }

    @Test
    void classpathSourceReadsPropertiesOrIsEmpty() {
      ClassLoader loader = getClass().getClassLoader();
      assertThat(ConfigSource.fromClasspath(loader, "no-such-bulwark.properties").entries()).isEmpty();
      ConfigSource source = ConfigSource.fromClasspath(loader, "dev/bulwark/config/test-bulwark.properties");
      BulwarkConfig config = BulwarkConfigLoader.load(source);
      assertThat(config.headers().frameOptions()).isEqualTo("SAMEORIGIN");
      assertThat(config.cors().allowedOrigins()).containsExactly("https://app.example.com");
      assertThat(source.get("bulwark.headers.frameoptions").origin())
          .isEqualTo("classpath:dev/bulwark/config/test-bulwark.properties");
    }
  }
}
