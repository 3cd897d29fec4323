package dev.bulwark.path;

import java.util.List;

/**
 * Settings that differ for some paths ({@code bulwark.paths[n].*}). The first entry whose pattern
 * matches a request wins; a setting left out keeps the global value.
 *
 * @param patterns the paths this entry covers, such as {@code /static/**}
 * @param headers whether security headers are written on these paths
 * @param csp the Content-Security-Policy for HTML responses on these paths
 * @param cacheControl the Cache-Control for responses that set none (empty for none)
 * @param frameOptions the X-Frame-Options value (empty for none)
 * @param crossSite whether cross-site request protection applies
 * @param cors whether CORS handling applies
 * @param maxBodyBytes the largest request body on these paths, counted as it streams (413 beyond
 *     it), for an upload endpoint that needs more or a JSON API that needs far less. The URL and
 *     header limits stay global: the container has read them in full before any path is known,
 *     so a per-path value could not save the memory they take.
 */
public record PathOverride(
    List<String> patterns,
    Boolean headers,
    String csp,
    String cacheControl,
    String frameOptions,
    Boolean crossSite,
    Boolean cors,
    Long maxBodyBytes) {

  /** Requires at least one valid pattern and a body limit that is not negative. */
  public PathOverride {
    if (patterns == null || patterns.isEmpty()) {
      throw new IllegalArgumentException("patterns must list at least one path pattern");
    }
    patterns = List.copyOf(patterns);
    for (String pattern : patterns) {
      PathPattern.of(pattern);
    }
    if (maxBodyBytes != null && maxBodyBytes < 0) {
      throw new IllegalArgumentException("max-body-bytes must be 0 or more");
    }
  }

  /**
   * Returns a builder for an entry covering these paths; every setting starts unset, keeping the global
   * value.
   *
   * @param patterns the paths this entry covers, such as {@code /static/**}; at least one
   */
  public static Builder builder(String... patterns) {
    return new Builder().patterns(patterns);
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(PathOverride base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link PathOverride} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private List<String> patterns;
    private Boolean headers;
    private String csp;
    private String cacheControl;
    private String frameOptions;
    private Boolean crossSite;
    private Boolean cors;
    private Long maxBodyBytes;

    private Builder() {}

    private Builder(PathOverride base) {
      patterns = base.patterns();
      headers = base.headers();
      csp = base.csp();
      cacheControl = base.cacheControl();
      frameOptions = base.frameOptions();
      crossSite = base.crossSite();
      cors = base.cors();
      maxBodyBytes = base.maxBodyBytes();
    }

    /** The paths this entry covers, such as {@code /static/**}; required. */
    public Builder patterns(String... patterns) {
      this.patterns = List.of(patterns);
      return this;
    }

    /** Whether security headers are written on these paths; default unset: the global setting applies. */
    public Builder headers(boolean headers) {
      this.headers = headers;
      return this;
    }

    /**
     * The Content-Security-Policy for HTML responses on these paths; default unset: the global setting
     * applies.
     */
    public Builder csp(String csp) {
      this.csp = csp;
      return this;
    }

    /**
     * The Cache-Control for responses that set none (empty for none); default unset: the global setting
     * applies.
     */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /** The X-Frame-Options value (empty for none); default unset: the global setting applies. */
    public Builder frameOptions(String frameOptions) {
      this.frameOptions = frameOptions;
      return this;
    }

    /** Whether cross-site request protection applies; default unset: the global setting applies. */
    public Builder crossSite(boolean crossSite) {
      this.crossSite = crossSite;
      return this;
    }

    /** Whether CORS handling applies; default unset: the global setting applies. */
    public Builder cors(boolean cors) {
      this.cors = cors;
      return this;
    }

    /**
     * The largest request body on these paths, counted as it streams (413 beyond it), for an upload endpoint
     * that needs more or a JSON API that needs far less. The URL and header limits stay global: the container
     * has read them in full before any path is known, so a per-path value could not save the memory they
     * take. Default unset: the global setting applies.
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Returns the PathOverride.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public PathOverride build() {
      return new PathOverride(
          patterns, headers, csp, cacheControl, frameOptions, crossSite, cors, maxBodyBytes);
    }
  }
}
