package dev.bulwark.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail: what Bulwark answers instead of a stack trace. Every field is written
 * by Bulwark itself; none echoes request input.
 *
 * @param type a URI that identifies the kind of problem ({@code about:blank} for plain HTTP status
 *     problems)
 * @param title a short summary of the kind of problem, the same for every occurrence
 * @param status the HTTP status code
 * @param detail an explanation of this occurrence, safe to show to the caller; may be {@code null}
 * @param extensions further members, such as {@code requestId}; values are strings, numbers,
 *     booleans, lists or maps of those
 */
public record Problem(String type, String title, int status, String detail, Map<String, Object> extensions) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The prefix of the problem types Bulwark defines. */
  public static final String TYPE_PREFIX = "urn:bulwark:problem:";

  /** Copies the extensions. */
  public Problem {
    extensions =
        extensions == null || extensions.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A problem of one of Bulwark's own types, such as {@code cross-site-request}. */
  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(TYPE_PREFIX + slug, title, status, detail, Map.of());
  }

  /** A problem that is just an HTTP status, with the standard reason phrase as title. */
  public static Problem ofStatus(int status) {
    return new Problem("about:blank", HttpStatusTitles.title(status), status, null, Map.of());
  }

  /** Returns a copy with one more extension member. */
  public Problem with(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(extensions);
    copy.put(name, value);
    return new Problem(type, title, status, detail, copy);
  }
}
