package dev.bulwark.limits;

/**
 * Limits of the JSON parser ({@code bulwark.limits.json.*}), for documents that got past the body
 * limit: Jackson's {@code StreamReadConstraints} and duplicate-key detection. The Spring starter
 * applies them to the auto-configured Jackson mapper; other applications build their mapper on
 * {@link dev.bulwark.jackson.JacksonLimits#jsonFactory}. Each default is far above what an API
 * document needs and far below what a parser bomb sends; lower them freely.
 *
 * @param maxNestingDepth the deepest nesting of objects and arrays; default 64 (Jackson's own: 500)
 * @param maxStringLength the longest string value, in characters; default 1 MiB (1,048,576; a
 *     larger field is an upload in disguise; Jackson's own: 100 million)
 * @param maxNumberLength the most characters of one number; default 100 (a {@code double} needs
 *     at most 24; Jackson's own: 1,000, and parsing a long number costs time quadratic in it)
 * @param maxDocumentLength the longest document, in bytes (characters when parsing text); default
 *     the largest body limit in force ({@code bulwark.limits.max-body-bytes} or a larger {@code
 *     bulwark.paths[n].max-body-bytes}), so the parser never refuses a body the filter admitted
 * @param rejectDuplicateKeys whether an object that names a key twice is refused (Jackson keeps
 *     the last one silently, so two parts of a system can read two different values); default
 *     {@code true}
 */
public record JsonLimitsConfig(
    Integer maxNestingDepth,
    Integer maxStringLength,
    Integer maxNumberLength,
    Long maxDocumentLength,
    Boolean rejectDuplicateKeys) {

  /** Applies defaults and checks the values. */
  public JsonLimitsConfig {
    maxNestingDepth = maxNestingDepth == null ? 64 : maxNestingDepth;
    maxStringLength = maxStringLength == null ? 1024 * 1024 : maxStringLength;
    maxNumberLength = maxNumberLength == null ? 100 : maxNumberLength;
    rejectDuplicateKeys = rejectDuplicateKeys == null || rejectDuplicateKeys;
    if (maxNestingDepth < 1 || maxStringLength < 1 || maxNumberLength < 1
        || (maxDocumentLength != null && maxDocumentLength < 1)) {
      throw new IllegalArgumentException(
          "JSON limits too small to read any document: max-nesting-depth, max-string-length,"
              + " max-number-length and max-document-length must be 1 or more");
    }
  }

  /** The defaults. */
  public static JsonLimitsConfig defaults() {
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(JsonLimitsConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link JsonLimitsConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Integer maxNestingDepth;
    private Integer maxStringLength;
    private Integer maxNumberLength;
    private Long maxDocumentLength;
    private Boolean rejectDuplicateKeys;

    private Builder() {}

    private Builder(JsonLimitsConfig base) {
      maxNestingDepth = base.maxNestingDepth();
      maxStringLength = base.maxStringLength();
      maxNumberLength = base.maxNumberLength();
      maxDocumentLength = base.maxDocumentLength();
      rejectDuplicateKeys = base.rejectDuplicateKeys();
    }

    /** The deepest nesting of objects and arrays; default 64 (Jackson's own: 500). */
    public Builder maxNestingDepth(int maxNestingDepth) {
      this.maxNestingDepth = maxNestingDepth;
      return this;
    }

    /**
     * The longest string value, in characters; default 1 MiB (1,048,576; a larger field is an upload in
     * disguise; Jackson's own: 100 million).
     */
    public Builder maxStringLength(int maxStringLength) {
      this.maxStringLength = maxStringLength;
      return this;
    }

    /**
     * The most characters of one number; default 100 (a {@code double} needs at most 24; Jackson's own:
     * 1,000, and parsing a long number costs time quadratic in it).
     */
    public Builder maxNumberLength(int maxNumberLength) {
      this.maxNumberLength = maxNumberLength;
      return this;
    }

    /**
     * The longest document, in bytes (characters when parsing text); default the largest body limit in force
     * ({@code bulwark.limits.max-body-bytes} or a larger {@code bulwark.paths[n].max-body-bytes}), so the
     * parser never refuses a body the filter admitted.
     */
    public Builder maxDocumentLength(long maxDocumentLength) {
      this.maxDocumentLength = maxDocumentLength;
      return this;
    }

    /**
     * Whether an object that names a key twice is refused (Jackson keeps the last one silently, so two parts
     * of a system can read two different values); default {@code true}.
     */
    public Builder rejectDuplicateKeys(boolean rejectDuplicateKeys) {
      this.rejectDuplicateKeys = rejectDuplicateKeys;
      return this;
    }

    /**
     * Returns the JsonLimitsConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public JsonLimitsConfig build() {
      return new JsonLimitsConfig(
          maxNestingDepth, maxStringLength, maxNumberLength, maxDocumentLength, rejectDuplicateKeys);
    }
  }
}
