package dev.bulwark.test;

import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP endpoint that {@link CrossUserAccess} calls: a method, a path resolved against the base
 * URI like a link (so {@code /api/notes} replaces the base's path and {@code api/notes} appends to
 * it), and an optional body. In paths, {@code {id}} stands for the id of the object under test; in
 * bodies, {@code {marker}} stands for a unique string the helper looks for in responses.
 *
 * @param method the HTTP method, such as {@code GET}; stored in upper case
 * @param path the path, with {@code {id}} where the object's id goes; may carry a query
 * @param contentType the body's media type, or {@code null} without a body
 * @param body the body, or {@code null} for none
 */
public record Endpoint(String method, String path, String contentType, String body) {

  /** The placeholder for the object's id in paths. */
  public static final String ID = "{id}";

  /** The placeholder for the unique marker in bodies. */
  public static final String MARKER = "{marker}";

  private static final String JSON = "application/json";

  /** Checks the parts. */
  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (method.isBlank() || !method.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException("not an HTTP method: " + method);
    }
    method = method.toUpperCase(Locale.ROOT);
    if (body != null && contentType == null) {
      throw new IllegalArgumentException("a body needs a content type: " + method + " " + path);
    }
  }

  /** {@code GET path}. */
  public static Endpoint get(String path) {
    return new Endpoint("GET", path, null, null);
  }

  /** {@code POST path} with a JSON body. */
  public static Endpoint post(String path, String json) {
    return new Endpoint("POST", path, JSON, Objects.requireNonNull(json, "json"));
  }

  /** {@code PUT path} with a JSON body. */
  public static Endpoint put(String path, String json) {
    return new Endpoint("PUT", path, JSON, Objects.requireNonNull(json, "json"));
  }

  /** {@code PATCH path} with a JSON body; use {@link #withBody} for another media type. */
  public static Endpoint patch(String path, String json) {
    return new Endpoint("PATCH", path, JSON, Objects.requireNonNull(json, "json"));
  }

  /** {@code DELETE path}. */
  public static Endpoint delete(String path) {
    return new Endpoint("DELETE", path, null, null);
  }

  /** Any method on a path, without a body. */
  public static Endpoint of(String method, String path) {
    return new Endpoint(method, path, null, null);
  }

  /** Returns a copy with this body, such as a form: {@code withBody("application/x-www-form-urlencoded", "title={marker}")}. */
  public Endpoint withBody(String contentType, String body) {
    return new Endpoint(method, path, Objects.requireNonNull(contentType, "contentType"), Objects.requireNonNull(body, "body"));
  }

  /** Whether the path names one object. */
  boolean hasId() {
    return path.contains(ID);
  }

  /** The path with the id filled in, as sent. */
  String pathFor(String id) {
    return id == null ? path : path.replace(ID, id);
  }

  /** The body with the marker filled in, or {@code null}. */
  String bodyWith(String marker) {
    return body == null ? null : body.replace(MARKER, marker);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
