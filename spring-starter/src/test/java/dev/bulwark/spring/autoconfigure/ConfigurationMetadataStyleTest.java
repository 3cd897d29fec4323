package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated configuration metadata (what IDEs show) follows Spring Boot's style: every
 * property and group described in a sentence, booleans as "Whether ...", lists of values as
 * "Comma-separated list of ...", and every enumerated value offered as a hint. Reads the file the
 * configuration processor wrote into the jar; a stale file from an incremental compile that did not
 * run the processor fails here too (build from clean).
 */
class ConfigurationMetadataStyleTest {

  private static JsonNode metadata;

  /** Lists bound from a comma-separated value: of strings and of enum constants. */
  private static final Pattern VALUE_LIST = Pattern.compile("java\\.util\\.(List|Set)<(java\\.lang\\.String|dev\\.bulwark\\.[\\w.$]+)>");

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = ConfigurationMetadataStyleTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json, written by the configuration processor").isNotNull();
      metadata = JsonMapper.builder().build().readTree(in);
    }
  }

  private static List<JsonNode> bulwark(String section) {
    List<JsonNode> items = new ArrayList<>();
    metadata.path(section).forEach(item -> {
      if (item.path("name").asString().startsWith("bulwark")) {
        items.add(item);
      }
    });
    return items;
  }

  private static List<String> notASentence(List<JsonNode> items) {
    List<String> bad = new ArrayList<>();
    for (JsonNode item : items) {
      String description = item.path("description").asString("");
      if (description.isEmpty() || !Character.isUpperCase(description.charAt(0)) || !description.endsWith(".") || description.contains("{@")) {
        bad.add(item.path("name").asString() + ": \"" + description + "\"");
      }
    }
    return bad;
  }

  @Test
  void everyPropertyAndGroupIsDescribedInASentence() {
    assertThat(bulwark("properties")).hasSizeGreaterThan(100);
    assertThat(notASentence(bulwark("properties"))).as("properties without a description that is a sentence").isEmpty();
    assertThat(bulwark("groups")).hasSizeGreaterThanOrEqualTo(14);
    assertThat(notASentence(bulwark("groups"))).as("groups without a description that is a sentence").isEmpty();
  }

  @Test
  void booleansSayWhether() {
    List<String> bad =
        bulwark("properties").stream()
            .filter(p -> Set.of("java.lang.Boolean", "boolean").contains(p.path("type").asString()))
            .filter(p -> !p.path("description").asString("").startsWith("Whether "))
            .map(p -> p.path("name").asString())
            .toList();
    assertThat(bad).as("boolean properties whose description does not start with \"Whether \"").isEmpty();
  }

  @Test
  void listsOfValuesSayCommaSeparatedListOf() {
    List<JsonNode> lists =
        bulwark("properties").stream().filter(p -> isValueList(p.path("type").asString())).toList();
    assertThat(lists).as("trusted proxies, allowed origins, ...").hasSizeGreaterThan(15);
    List<String> bad =
        lists.stream()
            .filter(p -> !p.path("description").asString("").startsWith("Comma-separated list of "))
            .map(p -> p.path("name").asString())
            .toList();
    assertThat(bad).as("list properties whose description does not start with \"Comma-separated list of \"").isEmpty();
  }

  private static boolean isValueList(String type) {
    var matcher = VALUE_LIST.matcher(type);
    if (!matcher.matches()) {
      return false;
    }
    if (matcher.group(2).equals("java.lang.String")) {
      return true;
    }
    try {
      return Class.forName(matcher.group(2)).isEnum(); // a list of records is indexed, not comma-separated
    } catch (ClassNotFoundException e) {
      throw new AssertionError(type, e);
    }
  }

  @Test
  void everyEnumeratedPropertyOffersItsValues() throws Exception {
    int enums = 0;
    for (JsonNode property : bulwark("properties")) {
      String type = property.path("type").asString();
      if (!type.startsWith("dev.bulwark.")) {
        continue;
      }
      Class<?> element = Class.forName(type);
      if (!element.isEnum()) {
        continue;
      }
      enums++;
      Set<String> expected = new TreeSet<>();
      for (Object constant : element.getEnumConstants()) {
        expected.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      assertThat(hintValues(property.path("name").asString())).as("hints of %s", property.path("name").asString()).containsAll(expected);
    }
    assertThat(enums).as("mode, store, unguarded, client-ip header, health details").isGreaterThanOrEqualTo(5);
    // Enumerated strings that no Java enum backs: the header policies.
    for (String name :
        List.of(
            "bulwark.headers.frame-options",
            "bulwark.headers.referrer-policy",
            "bulwark.headers.cross-origin-opener-policy",
            "bulwark.headers.cross-origin-resource-policy",
            "bulwark.headers.cross-origin-embedder-policy",
            "bulwark.readiness.fail-on")) {
      assertThat(hintValues(name)).as("hints of %s", name).isNotEmpty();
    }
  }

  private static Set<String> hintValues(String name) {
    Set<String> values = new TreeSet<>();
    metadata.path("hints").forEach(hint -> {
      if (hint.path("name").asString().equals(name)) {
        hint.path("values").forEach(value -> values.add(value.path("value").asString()));
      }
    });
    return values;
  }
}
