package dev.bulwark.jackson;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.limits.JsonLimitsConfig;
import dev.bulwark.path.PathOverride;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Jackson 3 parsers that apply {@code bulwark.limits.json.*}. The Spring starter builds the
 * auto-configured mapper on {@link #jsonFactory}; a plain application does the same for its own:
 *
 * <pre>{@code
 * JsonMapper json = JsonMapper.builder(JacksonLimits.jsonFactory(config)).build();
 * }</pre>
 *
 * <p>A document over a limit fails to parse with a {@code StreamConstraintsException}, a duplicate
 * key with a {@code StreamReadException}; both are {@code JacksonException}s, which the
 * application answers as unreadable input (Spring: 400). Needs {@code tools.jackson.core:jackson-core}
 * on the class path (an optional dependency of the core).
 */
public final class JacksonLimits {

  private JacksonLimits() {}

  /**
   * Returns a JSON factory with the configured limits and duplicate-key detection, or Jackson's
   * plain defaults when Bulwark or its request limits are off.
   */
  public static JsonFactory jsonFactory(BulwarkConfig config) {
    if (!applies(config)) {
      return new JsonFactory();
    }
    JsonLimitsConfig json = config.limits().json();
    var builder = JsonFactory.builder().streamReadConstraints(constraints(config));
    if (json.rejectDuplicateKeys()) {
      builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
    return builder.build();
  }

  /** Returns the parser limits for a configuration (Jackson's defaults for the ones not set here). */
  public static StreamReadConstraints constraints(BulwarkConfig config) {
    JsonLimitsConfig json = config.limits().json();
    return StreamReadConstraints.builder()
        .maxNestingDepth(json.maxNestingDepth())
        .maxStringLength(json.maxStringLength())
        .maxNumberLength(json.maxNumberLength())
        .maxDocumentLength(maxDocumentLength(config))
        .build();
  }

  /** Returns whether the JSON limits apply: Bulwark and its request limits are on. */
  public static boolean applies(BulwarkConfig config) {
    return config.enabled() && config.limits().enabled();
  }

  /** The configured document limit, else the largest body limit in force anywhere. */
  static long maxDocumentLength(BulwarkConfig config) {
    Long configured = config.limits().json().maxDocumentLength();
    if (configured != null) {
      return configured;
    }
    long largest = config.limits().maxBodyBytes();
    for (PathOverride path : config.paths()) {
      if (path.maxBodyBytes() != null) {
        largest = Math.max(largest, path.maxBodyBytes());
      }
    }
    // Jackson reads 0 as "no limit"; with no body allowed anywhere, one byte is limit enough.
    return Math.max(1, largest);
  }
}
