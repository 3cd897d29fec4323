package dev.bulwark.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A flat source of {@code bulwark.*} settings: a properties file, the environment, system
 * properties, or several of them layered.
 *
 * <p>Keys are matched with relaxed names, as Spring Boot does: {@code bulwark.headers.hsts.max-age},
 * {@code bulwark.headers.hsts.maxAge} and the environment variable {@code
 * BULWARK_HEADERS_HSTS_MAXAGE} are the same setting; list items are written {@code
 * bulwark.cors.allowed-origins[0]} (or {@code BULWARK_CORS_ALLOWEDORIGINS_0}) or as one
 * comma-separated value.
 */
public final class ConfigSource {

  /** One value and where it came from, for error messages. */
  public record Entry(String key, String value, String origin, boolean strict) {}

  private final Map<String, Entry> entries;

  private ConfigSource(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /** An empty source: every setting takes its default. */
  public static ConfigSource empty() {
    return new ConfigSource(new LinkedHashMap<>());
  }

  /**
   * A source over a map of properties, such as those of a test or a framework's environment. Keys
   * that start with {@code bulwark.} and match no setting are reported as errors.
   *
   * @param values property names and values
   * @param origin a description of where they came from, used in error messages
   */
  public static ConfigSource fromMap(Map<String, String> values, String origin) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (isBulwarkKey(key)) {
            entries.put(normalize(key), new Entry(key, value, origin, true));
          }
        });
    return new ConfigSource(entries);
  }

  /** A source over {@link Properties}, such as the contents of {@code bulwark.properties}. */
  public static ConfigSource fromProperties(Properties properties, String origin) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      values.put(name, properties.getProperty(name));
    }
    return fromMap(values, origin);
  }

  /**
   * A source over a properties file on the class path, or an empty source when there is none.
   *
   * @param classLoader the loader to search
   * @param resource the resource name, usually {@code bulwark.properties}
   */
  public static ConfigSource fromClasspath(ClassLoader classLoader, String resource) {
    try (InputStream in = classLoader.getResourceAsStream(resource)) {
      if (in == null) {
        return empty();
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return fromProperties(properties, "classpath:" + resource);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath:" + resource, e);
    }
  }

  /**
   * A source over environment variables whose names start with {@code BULWARK_}. Unknown names
   * are ignored, since the environment is shared with other software.
   */
  public static ConfigSource fromEnvironment(Map<String, String> environment) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("BULWARK_")) {
            String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
            entries.put(normalize(key), new Entry(name, value, "environment variable", false));
          }
        });
    return new ConfigSource(entries);
  }

  /** A source over JVM system properties that start with {@code bulwark.}. */
  public static ConfigSource fromSystemProperties() {
    return fromProperties(System.getProperties(), "system property");
  }

  /**
   * The standard stack for plain servlet applications, highest precedence first: system
   * properties, environment variables, then {@code bulwark.properties} on the class path.
   */
  public static ConfigSource standard(ClassLoader classLoader) {
    return layered(
        List.of(
            fromSystemProperties(),
            fromEnvironment(System.getenv()),
            fromClasspath(classLoader, "bulwark.properties")));
  }

  /**
   * Layers sources: a key present in an earlier source hides the same key in later ones.
   *
   * @param highestPrecedenceFirst the sources, most important first
   */
  public static ConfigSource layered(List<ConfigSource> highestPrecedenceFirst) {
    List<ConfigSource> reversed = new ArrayList<>(highestPrecedenceFirst);
    Collections.reverse(reversed);
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (ConfigSource source : reversed) {
      entries.putAll(source.entries);
    }
    return new ConfigSource(entries);
  }

  /** Returns the entry for a normalized key, or {@code null}. */
  public Entry get(String normalizedKey) {
    return entries.get(normalizedKey);
  }

  /** Returns every entry, by normalized key. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /**
   * Turns a property name into the form used for matching: lower case, list indexes as path
   * segments, dashes removed ({@code bulwark.paths[0].cache-control} becomes {@code
   * bulwark.paths.0.cachecontrol}).
   */
  public static String normalize(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '[') {
        out.append('.');
      } else if (c == ']' || c == '-') {
        continue;
      } else {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString().trim();
  }

  private static boolean isBulwarkKey(String key) {
    return key.regionMatches(true, 0, "bulwark.", 0, 8);
  }
}
