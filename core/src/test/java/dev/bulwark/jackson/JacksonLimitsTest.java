package dev.bulwark.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.core.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/** The JSON parser limits, on the parser itself, at and just past each limit. */
class JacksonLimitsTest {

  private static BulwarkConfig config(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return BulwarkConfigLoader.load(ConfigSource.fromMap(map, "test"));
  }

  /** Reads every token and every value, as a data binder does. */
  private static void parse(JsonFactory factory, String json) {
    try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), json.getBytes(StandardCharsets.UTF_8))) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isScalarValue()) {
          parser.getString();
        }
      }
    }
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void defaultsAllowEachLimitAndRefuseOneMore() {
    JsonFactory factory = JacksonLimits.jsonFactory(BulwarkConfig.defaults());
    assertThatCode(() -> parse(factory, nested(64))).doesNotThrowAnyException();
    assertThatThrownBy(() -> parse(factory, nested(65)))
        .isInstanceOf(StreamConstraintsException.class)
        .hasMessageContaining("64");

    String mebibyte = "a".repeat(1024 * 1024);
    assertThatCode(() -> parse(factory, "{\"s\":\"" + mebibyte + "\"}")).doesNotThrowAnyException();
    assertThatThrownBy(() -> parse(factory, "{\"s\":\"" + mebibyte + "a\"}")).isInstanceOf(StreamConstraintsException.class);

    assertThatCode(() -> parse(factory, "{\"n\":" + "9".repeat(100) + "}")).doesNotThrowAnyException();
    assertThatThrownBy(() -> parse(factory, "{\"n\":" + "9".repeat(101) + "}")).isInstanceOf(StreamConstraintsException.class);
    assertThatThrownBy(() -> parse(factory, "{\"n\":0." + "9".repeat(100) + "}"))
        .as("fractions count too")
        .isInstanceOf(StreamConstraintsException.class);
  }

  @Test
  void duplicateKeysAreRefusedAtAnyDepth() {
    JsonFactory factory = JacksonLimits.jsonFactory(BulwarkConfig.defaults());
    assertThatThrownBy(() -> parse(factory, "{\"title\":\"a\",\"title\":\"b\"}"))
        .isInstanceOf(StreamReadException.class)
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> parse(factory, "{\"a\":{\"x\":1,\"y\":2,\"x\":3}}")).isInstanceOf(StreamReadException.class);
    assertThatCode(() -> parse(factory, "[{\"x\":1},{\"x\":2}]")).as("the same key in two objects").doesNotThrowAnyException();
  }

  @Test
  void theDocumentLimitFollowsTheLargestBodyLimit() {
    BulwarkConfig small = config("bulwark.limits.max-body-bytes", "100");
    String doc100 = "[\"" + "a".repeat(96) + "\"]";
    assertThat(doc100).hasSize(100);
    assertThatCode(() -> parse(JacksonLimits.jsonFactory(small), doc100)).doesNotThrowAnyException();
    assertThatThrownBy(() -> parse(JacksonLimits.jsonFactory(small), doc100 + " "))
        .isInstanceOf(StreamConstraintsException.class);

    BulwarkConfig withUploads =
        config(
            "bulwark.limits.max-body-bytes", "100",
            "bulwark.paths[0].patterns", "/upload/**",
            "bulwark.paths[0].max-body-bytes", "1000");
    assertThat(JacksonLimits.constraints(withUploads).getMaxDocumentLength()).isEqualTo(1000);
    assertThatCode(() -> parse(JacksonLimits.jsonFactory(withUploads), doc100 + " ".repeat(800))).doesNotThrowAnyException();

    BulwarkConfig explicit = config("bulwark.limits.json.max-document-length", "50");
    assertThat(JacksonLimits.constraints(explicit).getMaxDocumentLength()).isEqualTo(50);
  }

  @Test
  void everyLimitCanBeLowered() {
    BulwarkConfig lowered =
        config(
            "bulwark.limits.json.max-nesting-depth", "3",
            "bulwark.limits.json.max-string-length", "10",
            "bulwark.limits.json.max-number-length", "5",
            "bulwark.limits.json.reject-duplicate-keys", "false");
    JsonFactory factory = JacksonLimits.jsonFactory(lowered);
    assertThatCode(() -> parse(factory, nested(3))).doesNotThrowAnyException();
    assertThatThrownBy(() -> parse(factory, nested(4))).isInstanceOf(StreamConstraintsException.class);
    assertThatThrownBy(() -> parse(factory, "[\"" + "a".repeat(11) + "\"]")).isInstanceOf(StreamConstraintsException.class);
    assertThatThrownBy(() -> parse(factory, "[123456]")).isInstanceOf(StreamConstraintsException.class);
    assertThatCode(() -> parse(factory, "{\"a\":1,\"a\":2}")).as("duplicates allowed when asked").doesNotThrowAnyException();
  }

  @Test
  void offMeansJacksonsOwnDefaults() {
    for (BulwarkConfig off : new BulwarkConfig[] {config("bulwark.limits.enabled", "false"), config("bulwark.enabled", "false")}) {
      JsonFactory factory = JacksonLimits.jsonFactory(off);
      assertThat(factory.streamReadConstraints().getMaxNestingDepth()).isEqualTo(500);
      assertThatCode(() -> parse(factory, nested(200))).doesNotThrowAnyException();
      assertThatCode(() -> parse(factory, "{\"a\":1,\"a\":2}")).doesNotThrowAnyException();
    }
  }

  @Test
  void limitsTooSmallToReadAnythingStopStartUpNamingTheProperty() {
    assertThatThrownBy(() -> config("bulwark.limits.json.max-nesting-depth", "0"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.property()).isEqualTo("bulwark.limits.json"))
        .hasMessageContaining("1 or more");
  }
}
