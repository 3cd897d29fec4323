package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.cors.CorsConfig;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.headers.HstsConfig;
import dev.bulwark.limits.JsonLimitsConfig;
import dev.bulwark.limits.RequestLimitsConfig;
import dev.bulwark.net.ClientIpConfig;
import dev.bulwark.path.PathOverride;
import dev.bulwark.ratelimit.CountedRequests;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.Penalty;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RedisStoreConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulwarkConfigBuilderTest {

  /** A configuration with a value other than the default in every setting that has a builder. */
  private static BulwarkConfig everythingChanged() {
    return BulwarkConfigLoaderTest.load(
        "bulwark.enabled", "false",
        "bulwark.client-ip.trusted-proxies", "10.0.0.0/8",
        "bulwark.client-ip.header", "forwarded",
        "bulwark.client-ip.ipv6-prefix", "56",
        "bulwark.headers.enabled", "false",
        "bulwark.headers.csp.enabled", "false",
        "bulwark.headers.csp.html-policy", "default-src 'self'; script-src 'self'",
        "bulwark.headers.csp.api-policy", "default-src 'none'; frame-ancestors 'self'",
        "bulwark.headers.csp.report-only-policy", "default-src 'self'",
        "bulwark.headers.csp.report-path", "/csp",
        "bulwark.headers.csp.upgrade-insecure-requests", "false",
        "bulwark.headers.hsts.enabled", "false",
        "bulwark.headers.hsts.max-age", "400d",
        "bulwark.headers.hsts.include-sub-domains", "false",
        "bulwark.headers.hsts.preload", "true",
        "bulwark.headers.frame-options", "SAMEORIGIN",
        "bulwark.headers.content-type-options", "",
        "bulwark.headers.referrer-policy", "same-origin",
        "bulwark.headers.permissions-policy", "camera=()",
        "bulwark.headers.cross-origin-opener-policy", "same-origin-allow-popups",
        "bulwark.headers.cross-origin-resource-policy", "same-site",
        "bulwark.headers.cross-origin-embedder-policy", "require-corp",
        "bulwark.headers.permitted-cross-domain-policies", "master-only",
        "bulwark.headers.dns-prefetch-control", "on",
        "bulwark.headers.cache-control", "no-cache",
        "bulwark.headers.remove", "Server",
        "bulwark.headers.allow-risky", "unsafe-eval",
        "bulwark.cors.enabled", "false",
        "bulwark.cors.allowed-origins", "https://app.example.com",
        "bulwark.cors.allowed-methods", "GET",
        "bulwark.cors.allowed-headers", "X-Custom",
        "bulwark.cors.exposed-headers", "X-Other",
        "bulwark.cors.allow-credentials", "true",
        "bulwark.cors.max-age", "5m",
        "bulwark.rate-limit.enabled", "true",
        "bulwark.rate-limit.store", "redis",
        "bulwark.rate-limit.max-keys", "1000",
        "bulwark.rate-limit.redis.uri", "redis://cache:6380,cache2:6380",
        "bulwark.rate-limit.redis.cluster", "true",
        "bulwark.rate-limit.redis.trust-certificates", "/etc/bulwark/redis-ca.pem",
        "bulwark.rate-limit.redis.connection", "application",
        "bulwark.rate-limit.redis.timeout", "80ms",
        "bulwark.rate-limit.redis.breaker-open-for", "9s",
        "bulwark.rate-limit.redis.health-timeout", "300ms",
        "bulwark.rate-limit.redis.key-prefix", "app:",
        "bulwark.rate-limit.safelist", "192.168.0.0/16",
        "bulwark.rate-limit.blocklist", "203.0.113.0/24",
        "bulwark.rate-limit.response-headers", "false",
        "bulwark.rate-limit.legacy-headers", "true",
        "bulwark.rate-limit.rules[0].name", "api",
        "bulwark.rate-limit.rules[0].paths", "/api/**",
        "bulwark.rate-limit.rules[0].methods", "POST",
        "bulwark.rate-limit.rules[0].limits", "10/1s,1000/1h",
        "bulwark.rate-limit.rules[0].cost", "2",
        "bulwark.rate-limit.rules[0].key", "principal,ip",
        "bulwark.rate-limit.rules[0].count-statuses", "401",
        "bulwark.rate-limit.rules[0].penalty.failures", "3",
        "bulwark.rate-limit.rules[0].penalty.within", "1m",
        "bulwark.rate-limit.rules[0].penalty.block", "5m",
        "bulwark.rate-limit.rules[0].shadow", "true",
        "bulwark.rate-limit.rules[0].on-store-failure", "fail-closed",
        "bulwark.rate-limit.rules[0].counted-requests", "with-credentials",
        "bulwark.limits.enabled", "false",
        "bulwark.limits.max-body-bytes", "1000",
        "bulwark.limits.max-url-length", "1000",
        "bulwark.limits.max-header-count", "50",
        "bulwark.limits.max-header-bytes", "10000",
        "bulwark.limits.json-paths", "/api/**",
        "bulwark.limits.json.max-nesting-depth", "10",
        "bulwark.limits.json.max-string-length", "1000",
        "bulwark.limits.json.max-number-length", "20",
        "bulwark.limits.json.max-document-length", "900",
        "bulwark.limits.json.reject-duplicate-keys", "false",
        "bulwark.limits.allowed-methods", "GET,POST",
        "bulwark.paths[0].patterns", "/static/**",
        "bulwark.paths[0].headers", "false",
        "bulwark.paths[0].csp", "default-src 'self'",
        "bulwark.paths[0].cache-control", "max-age=3600",
        "bulwark.paths[0].frame-options", "",
        "bulwark.paths[0].cross-site", "false",
        "bulwark.paths[0].cors", "false",
        "bulwark.paths[0].max-body-bytes", "0");
  }

  @Test
  void fromCopiesEverySetting() throws ReflectiveOperationException {
    BulwarkConfig config = everythingChanged();

    assertThat(BulwarkConfig.from(config).build()).isEqualTo(config);
    for (Record record :
        List.<Record>of(
            config.clientIp(), config.headers(), config.headers().csp(), config.headers().hsts(), config.cors(),
            config.rateLimit(), config.rateLimit().redis(), config.rateLimit().rules().get(0), config.limits(),
            config.limits().json(), config.paths().get(0))) {
      assertThat(copy(record)).as(record.getClass().getSimpleName()).isEqualTo(record);
    }
  }

  @Test
  void theSettersBuildWhatBindingBuilds() {
    BulwarkConfig config = everythingChanged();

    RateLimitRule rule =
        RateLimitRule.builder("api")
            .paths("/api/**")
            .methods("post")
            .limits("10/1s", "1000/1h")
            .cost(2)
            .key("principal,ip")
            .countStatuses(401)
            .penalty(new Penalty(3, Duration.ofMinutes(1), Duration.ofMinutes(5)))
            .shadow(true)
            .onStoreFailure(FailurePolicy.FAIL_CLOSED)
            .countedRequests(CountedRequests.WITH_CREDENTIALS)
            .build();
    assertThat(rule).isEqualTo(config.rateLimit().rules().get(0));

    PathOverride path =
        PathOverride.builder("/static/**")
            .headers(false)
            .csp("default-src 'self'")
            .cacheControl("max-age=3600")
            .frameOptions("")
            .crossSite(false)
            .cors(false)
            .maxBodyBytes(0)
            .build();
    assertThat(path).isEqualTo(config.paths().get(0));

    CorsConfig cors =
        CorsConfig.builder()
            .enabled(false)
            .allowedOrigins("https://app.example.com")
            .allowedMethods("GET")
            .allowedHeaders("X-Custom")
            .exposedHeaders("X-Other")
            .allowCredentials(true)
            .maxAge(Duration.ofMinutes(5))
            .build();
    assertThat(cors).isEqualTo(config.cors());
  }

  @Test
  void aSettingLeftOutTakesItsDefault() {
    RateLimitRule rule = RateLimitRule.builder("api").limits("10/1s").build();

    assertThat(rule).isEqualTo(new RateLimitRule("api", null, null, List.of("10/1s"), null, null, null, null, null, null, null));
    assertThat(BulwarkConfig.builder().build()).isEqualTo(BulwarkConfig.defaults());
    assertThat(HeadersConfig.from(HeadersConfig.defaults()).frameOptions("SAMEORIGIN").build())
        .isEqualTo(BulwarkConfigLoaderTest.load("bulwark.headers.frame-options", "SAMEORIGIN").headers());
  }

  @Test
  void buildChecksLikeBinding() {
    assertThatThrownBy(() -> RateLimitRule.builder("api").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limits is required");
    assertThatThrownBy(() -> RateLimitConfig.builder().maxKeys(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-keys");
    assertThatThrownBy(() -> ClientIpConfig.builder().ipv6Prefix(129).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipv6-prefix");
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        BulwarkConfig.class, ClientIpConfig.class, HeadersConfig.class, CspConfig.class, HstsConfig.class,
        CorsConfig.class, RateLimitConfig.class, RedisStoreConfig.class, RateLimitRule.class,
        RequestLimitsConfig.class, JsonLimitsConfig.class, PathOverride.class
      })
  void theBuilderHasASetterPerSetting(Class<?> type) throws ReflectiveOperationException {
    Class<?> builder = Class.forName(type.getName() + "$Builder");
    List<String> setters =
        Arrays.stream(builder.getMethods())
            .filter(m -> m.getReturnType() == builder && !Modifier.isStatic(m.getModifiers()))
            .map(Method::getName)
            .toList();

    assertThat(setters)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
  }

  private static Object copy(Record record) throws ReflectiveOperationException {
    Object builder = record.getClass().getMethod("from", record.getClass()).invoke(null, record);
    return builder.getClass().getMethod("build").invoke(builder);
  }
}
