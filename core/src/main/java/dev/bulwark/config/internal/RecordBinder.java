package dev.bulwark.config.internal;

import dev.bulwark.config.ConfigSource;
import dev.bulwark.core.ConfigException;
import dev.bulwark.internal.Durations;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a {@link ConfigSource} onto Bulwark's configuration records, the way Spring Boot's binder
 * binds them in the starter: relaxed names, comma-separated or indexed lists, durations with units,
 * lenient enum names. A component with no value is passed as {@code null}, and the record's own
 * constructor supplies the default, so both stacks share one set of defaults.
 */
public final class RecordBinder {

  private final ConfigSource source;
  private final Set<String> used = new HashSet<>();

  public RecordBinder(ConfigSource source) {
    this.source = source;
  }

  /**
   * Binds the record type at a prefix and fails on any {@code bulwark.*} key of a strict source
   * (a file, a system property) that no setting consumed, so a typo stops start-up.
   */
  public <T extends Record> T bindStrict(String prefix, Class<T> type) {
    T value = bindRecord(prefix, normalizedPrefix(prefix), type);
    // by key: the first one names the exception whole (a key may hold spaces)
    TreeMap<String, String> unknown = new TreeMap<>();
    for (ConfigSource.Entry entry : source.entries().values()) {
      if (entry.strict() && !used.contains(ConfigSource.normalize(entry.key()))) {
        unknown.put(entry.key(), entry.key() + " (" + entry.origin() + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          unknown.firstKey(),
          "unknown setting. Unknown: "
              + String.join(", ", unknown.values())
              + ". See the configuration reference in the README for every supported name.");
    }
    return value;
  }

  private static String normalizedPrefix(String prefix) {
    return ConfigSource.normalize(prefix);
  }

  private <T extends Record> T bindRecord(String display, String key, Class<T> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      types[i] = component.getType();
      String childDisplay = display + "." + dashed(component.getName());
      String childKey = key + "." + component.getName().toLowerCase(Locale.ROOT);
      args[i] = bindValue(childDisplay, childKey, component.getGenericType());
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce;
      }
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      throw new ConfigException(display, message, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot bind " + type.getName(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object bindValue(String display, String key, Type type) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() == List.class) {
      return bindList(display, key, parameterized.getActualTypeArguments()[0]);
    }
    Class<?> raw = (Class<?>) type;
    if (raw.isRecord()) {
      return hasAnyUnder(key) ? bindRecord(display, key, (Class<? extends Record>) raw) : null;
    }
    ConfigSource.Entry entry = source.get(key);
    if (entry == null) {
      return null;
    }
    used.add(key);
    return convert(display, entry, entry.value(), raw);
  }

  private List<Object> bindList(String display, String key, Type elementType) {
    ConfigSource.Entry whole = source.get(key);
    if (whole != null && !(elementType instanceof Class<?> c && c.isRecord())) {
      used.add(key);
      List<Object> values = new ArrayList<>();
      for (String part : whole.value().split(",")) {
        String trimmed = part.trim();
        if (!trimmed.isEmpty()) {
          values.add(convert(display, whole, trimmed, (Class<?>) elementType));
        }
      }
      return values;
    }
    Set<Integer> indexes = new TreeSet<>();
    String itemPrefix = key + ".";
    for (String candidate : source.entries().keySet()) {
      if (candidate.startsWith(itemPrefix)) {
        String rest = candidate.substring(itemPrefix.length());
        int dot = rest.indexOf('.');
        String index = dot < 0 ? rest : rest.substring(0, dot);
        if (!index.isEmpty() && index.chars().allMatch(Character::isDigit) && index.length() < 5) {
          indexes.add(Integer.parseInt(index));
        }
      }
    }
    if (indexes.isEmpty()) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    for (int index : indexes) {
      Object value = bindValue(display + "[" + index + "]", key + "." + index, elementType);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private boolean hasAnyUnder(String key) {
    String prefix = key + ".";
    for (String candidate : source.entries().keySet()) {
      if (candidate.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(String display, ConfigSource.Entry entry, String value, Class<?> type) {
    String trimmed = value.trim();
    try {
      if (type == String.class) {
        return trimmed;
      }
      if (type == Boolean.class || type == boolean.class) {
        if (trimmed.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (trimmed.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw invalid(display, entry, "allowed values: true, false");
      }
      if (type == Integer.class || type == int.class) {
        return Integer.valueOf(trimmed);
      }
      if (type == Long.class || type == long.class) {
        return Long.valueOf(trimmed);
      }
      if (type == Duration.class) {
        return Durations.parse(trimmed);
      }
      if (type.isEnum()) {
        String wanted = relaxed(trimmed);
        for (Object constant : type.getEnumConstants()) {
          if (relaxed(((Enum) constant).name()).equals(wanted)) {
            return constant;
          }
        }
        String allowed =
            Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        throw invalid(display, entry, "allowed values: " + allowed);
      }
    } catch (NumberFormatException e) {
      throw invalid(display, entry, "expected a whole number");
    } catch (IllegalArgumentException e) {
      throw invalid(display, entry, e.getMessage());
    }
    throw new IllegalStateException("Unsupported setting type " + type + " for " + display);
  }

  private static ConfigException invalid(String display, ConfigSource.Entry entry, String why) {
    return new ConfigException(
        display,
        "invalid value '" + printable(entry) + "' (" + entry.origin() + "); " + why);
  }

  private static String printable(ConfigSource.Entry entry) {
    String lower = entry.key().toLowerCase(Locale.ROOT);
    if (lower.contains("password") || lower.contains("secret") || lower.contains("token")) {
      return "****";
    }
    String value = entry.value();
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }

  private static String relaxed(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static String dashed(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
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
