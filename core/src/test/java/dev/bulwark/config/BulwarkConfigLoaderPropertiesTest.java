package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ConfigException;
import dev.bulwark.headers.HeaderPolicy;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BulwarkConfigLoaderPropertiesTest {

  /** Every leaf setting, in its documented dashed form, found by walking the records. */
  static final List<String> KEYS = leafKeys("bulwark", BulwarkConfig.class);

  private static List<String> leafKeys(String prefix, Class<?> type) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String key = prefix + "." + dashed(component.getName());
      Type generic = component.getGenericType();
      Class<?> element = component.getType();
      if (generic instanceof ParameterizedType parameterized) {
        element = (Class<?>) parameterized.getActualTypeArguments()[0];
        if (element.isRecord()) {
          keys.addAll(leafKeys(key + "[0]", element));
          continue;
        }
      }
      if (element.isRecord()) {
        keys.addAll(leafKeys(key, element));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  private static String dashed(String camel) {
    return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void everyLeafKeyIsKnown() {
    assertThat(KEYS)
        .contains(
            "bulwark.enabled",
            "bulwark.client-ip.trusted-proxies",
            "bulwark.headers.hsts.max-age",
            "bulwark.headers.csp.report-path",
            "bulwark.cors.allowed-origins",
            "bulwark.paths[0].patterns",
            "bulwark.paths[0].cache-control")
        .hasSizeGreaterThan(35);
    // the binder consumes every key: whatever the value, none is reported as unknown
    for (String key : KEYS) {
      for (String value : List.of("x", "true", "1", "10s", "/x")) {
        try {
          BulwarkConfigLoader.load(ConfigSource.fromMap(withPatterns(key, value), "test"));
        } catch (ConfigException e) {
          assertThat(e.getMessage()).as(key).doesNotContain("unknown setting");
        }
      }
    }
  }

  /** Path entries need patterns, so a value for another path setting comes with one. */
  private static Map<String, String> withPatterns(String key, String value) {
    return key.startsWith("bulwark.paths[0].") && !key.endsWith(".patterns")
        ? Map.of(key, value, "bulwark.paths[0].patterns", "/x")
        : Map.of(key, value);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(KEYS);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789dhmsPT+-.,:/*[] ").ofMaxLength(25),
        Arbitraries.of(
            "", " ", ",", "true", "false", "0", "-1", "2147483648", "999999999999999999d", "999999999999999999h",
            "999999999999999999us", "PT-1S", "-P1D", "10.0.0.0/8", "*", "/**", "https://*.example.com", "null",
            "x-forwarded-for", "unsafe-inline", "\r\n", "\u0000", "'unsafe-inline'", "script-src *"));
  }

  @Property(tries = 1500)
  void onlyConfigExceptionsEscape(@ForAll("keys") String key, @ForAll("values") String value) {
    Map<String, String> values = withPatterns(key, value);
    try {
      BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
      assertThat(config).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.property()).startsWith("bulwark");
      assertThat(e.getMessage()).startsWith(e.property() + ": ");
    }
  }

  @Property(tries = 500)
  void onlyConfigExceptionsEscapeFromTheEnvironment(@ForAll("keys") String key, @ForAll("values") String value) {
    String name = key.toUpperCase(java.util.Locale.ROOT).replace("-", "").replace('.', '_').replace("[0]", "_0");
    try {
      BulwarkConfigLoader.load(ConfigSource.fromEnvironment(Map.of(name, value)));
    } catch (ConfigException e) {
      assertThat(e.property()).startsWith("bulwark");
    }
  }

  @Property(tries = 300)
  void loadedHeaderSettingsCompileOrFailWithConfigException(@ForAll("headerKeys") String key, @ForAll("values") String value) {
    BulwarkConfig config;
    try {
      config = BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of(key, value), "test"));
    } catch (ConfigException e) {
      return;
    }
    try {
      assertThat(HeaderPolicy.compile(config.headers(), "bulwark.headers")).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.property()).startsWith("bulwark.headers.");
    }
  }

  @Provide
  Arbitrary<String> headerKeys() {
    return Arbitraries.of(KEYS.stream().filter(k -> k.startsWith("bulwark.headers.")).toList());
  }
}
