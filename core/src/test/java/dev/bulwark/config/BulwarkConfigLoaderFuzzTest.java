package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.core.ConfigException;
import dev.bulwark.cors.CorsPolicy;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.host.HostPolicy;
import dev.bulwark.net.ClientIpResolver;
import dev.bulwark.path.PathOverride;
import dev.bulwark.path.PathPattern;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.requestid.RequestIds;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fuzzes configuration binding over flat properties (relaxed names, comma-separated and indexed
 * lists, durations, enums): loading either gives a configuration or fails with {@link
 * ConfigException} naming a {@code bulwark.*} property, never any other exception, and never
 * repeats more than 80 characters of a value; a configuration that loads compiles into every engine
 * (header lint failures being {@link ConfigException}s too), loads the same again, and loads the same
 * from the equivalent environment variables.
 *
 * <p>Input lines: {@code key=value}. A key {@code @N} stands for the N-th setting in a relaxed
 * spelling chosen by N (see {@link #KEYS}), so that the fuzzer reaches every setting without
 * guessing names.
 */
class BulwarkConfigLoaderFuzzTest {

  /** Every setting's name, list items at index 0 and 1, walked from the records like the binder does. */
  static final List<String> KEYS = new ArrayList<>();

  static {
    collect("bulwark", BulwarkConfig.class, KEYS);
  }

  @FuzzTest
  void bindingFailsOnlyWithConfigException(byte[] data) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : FuzzFields.of(data).from(0)) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      values.put(key.startsWith("@") ? known(key.substring(1)) : key, eq < 0 ? "" : line.substring(eq + 1));
    }

    BulwarkConfig config;
    try {
      config = BulwarkConfigLoader.load(ConfigSource.fromMap(values, "fuzz"));
    } catch (ConfigException e) {
      assertThat(e.property()).isNotNull();
      assertThat(e.property().toLowerCase(Locale.ROOT)).startsWith("bulwark");
      // setting names (unknown ones included) are shown in full; values only abbreviated
      String message = e.getMessage();
      for (String key : values.keySet()) {
        message = message.replace(key, "");
      }
      FuzzAssertions.assertMessageEchoesAtMost(e, message, values.values().toArray(String[]::new));
      checkEnvironmentFailsCleanly(values);
      return;
    }

    assertThat(BulwarkConfigLoader.load(ConfigSource.fromMap(values, "fuzz"))).isEqualTo(config);
    if (values.keySet().stream().allMatch(k -> k.indexOf('_') < 0 && k.chars().allMatch(c -> c < 0x80))) {
      assertThat(BulwarkConfigLoader.load(ConfigSource.fromEnvironment(environment(values))))
          .as("the same settings as environment variables")
          .isEqualTo(config);
    }

    try {
      HeaderPolicy.compile(config.headers(), "bulwark.headers");
    } catch (ConfigException e) {
      assertThat(e.property()).startsWith("bulwark.headers.");
      FuzzAssertions.assertEchoesAtMost(e, values.values().toArray(String[]::new));
    }
    CorsPolicy.compile(config.cors());
    HostPolicy.compile(config.host());
    ClientIpResolver.compile(config.clientIp());
    RequestIds.compile(config.requestId());
    List<RateLimitRule> rules = config.rateLimit().rules();
    for (int i = 0; i < rules.size(); i++) {
      new CompiledRule(rules.get(i), i);
    }
    for (PathOverride override : config.paths()) {
      override.patterns().forEach(PathPattern::of);
    }
  }

  private static void checkEnvironmentFailsCleanly(Map<String, String> values) {
    try {
      BulwarkConfigLoader.load(ConfigSource.fromEnvironment(environment(values)));
    } catch (ConfigException e) {
      assertThat(e.property().toLowerCase(Locale.ROOT)).startsWith("bulwark");
    }
  }

  /** Environment variable names as documented: upper case, dots and brackets to underscores, no dashes. */
  private static Map<String, String> environment(Map<String, String> values) {
    Map<String, String> env = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      // only what the map source reads: a key such as bul]wark.x is no setting there
      if (key.regionMatches(true, 0, "bulwark.", 0, 8)) {
        env.put(key.replace("-", "").replace("]", "").replace('[', '_').replace('.', '_').toUpperCase(Locale.ROOT), value);
      }
    });
    return env;
  }

  /** The setting numbered by the text, in one of four relaxed spellings. */
  private static String known(String number) {
    int n;
    try {
      n = Math.abs(Integer.parseInt(number.trim()) % (KEYS.size() * 4));
    } catch (NumberFormatException e) {
      return "@" + number;
    }
    String key = KEYS.get(n % KEYS.size());
    return switch (n / KEYS.size()) {
      case 0 -> key;
      case 1 -> camel(key);
      case 2 -> key.toUpperCase(Locale.ROOT);
      default -> key.replace("[", ".").replace("]", "");
    };
  }

  private static String camel(String dashed) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < dashed.length(); i++) {
      char c = dashed.charAt(i);
      if (c == '-' && i + 1 < dashed.length()) {
        out.append(Character.toUpperCase(dashed.charAt(++i)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void collect(String prefix, Class<?> type, List<String> out) {
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + dashed(component.getName());
      Type generic = component.getGenericType();
      if (generic instanceof ParameterizedType list && list.getActualTypeArguments()[0] instanceof Class<?> item
          && item.isRecord()) {
        collect(name + "[0]", item, out);
        collect(name + "[1]", item, out);
      } else if (component.getType().isRecord()) {
        collect(name, component.getType(), out);
      } else {
        out.add(name);
        if (generic instanceof ParameterizedType) {
          out.add(name + "[0]");
          out.add(name + "[1]");
        }
      }
    }
  }

  private static String dashed(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
