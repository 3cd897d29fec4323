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
}
