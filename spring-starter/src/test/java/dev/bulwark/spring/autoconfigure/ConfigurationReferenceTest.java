package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the three descriptions of the settings in step: the records (what binds), the
 * starter's configuration metadata (what IDEs complete) and the README's reference table.
 */
class ConfigurationReferenceTest {

  /** Every leaf setting, derived from the records the binders fill. */
  static Set<String> settings() {
    Set<String> names = new TreeSet<>();
    collect("bulwark", BulwarkConfig.class, names);
    // Spring only: what Bulwark changes in the application outside its filter.
    collect("bulwark.defaults", BulwarkProperties.Defaults.class, names);
    return names;
  }

  private static void collect(String prefix, Class<?> type, Set<String> names) {
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + dashed(component.getName());
      Type generic = component.getGenericType();
      if (component.getType().isRecord()) {
        collect(name, component.getType(), names);
      } else if (generic instanceof ParameterizedType list
          && list.getActualTypeArguments()[0] instanceof Class<?> element
          && element.isRecord()) {
        collect(name + "[n]", element, names);
      } else {
        names.add(name);
      }
    }
  }

  private static String dashed(String camel) {
    return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
  }

  @Test
  void everySettingHasDescribedMetadata() throws IOException {
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The processor merges the hand-written descriptions into the generated file on a full
    // compile; an incremental build may skip that, so read the source of the descriptions too.
    metadata += Files.readString(Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json"));
    Set<String> described = new TreeSet<>();
    Matcher matcher =
        Pattern.compile("\"name\"\\s*:\\s*\"(bulwark[^\"]*)\"[^}]*?\"description\"\\s*:\\s*\"[^\"]+\"").matcher(metadata);
    while (matcher.find()) {
      described.add(matcher.group(1));
    }
    for (String setting : settings()) {
      String key = setting.contains("[n]") ? setting.substring(0, setting.indexOf("[n]")) : setting;
      assertThat(described).as("metadata with a description for %s", setting).contains(key);
    }
  }

  @Test
  void readmeTableListsEverySetting() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> missing = settings().stream().filter(s -> !readme.contains("| `" + s + "` |")).toList();
    assertThat(missing).as("settings missing from the README's configuration reference").isEmpty();
  }
}
