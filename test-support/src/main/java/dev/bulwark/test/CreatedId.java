package dev.bulwark.test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the id of a freshly created object in the create endpoint's answer. The id is put into the
 * other endpoints' paths exactly as found (already URL-encoded when it comes from a {@code
 * Location} header).
 */
@FunctionalInterface
public interface CreatedId {

  /**
   * Returns the id, or {@code null} when the answer does not carry one.
   *
   * @param created the 2xx answer to the owner's create request
   */
  String from(HttpResponse<String> created);

  /** The last path segment of the {@code Location} header, such as {@code 42} in {@code /api/notes/42}. */
  static CreatedId location() {
    return created -> {
      String location = created.headers().firstValue("Location").orElse(null);
      if (location == null || location.isBlank()) {
        return null;
      }
      String path;
      try {
        path = URI.create(location.strip()).getRawPath();
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (path == null) {
        return null;
      }
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String last = path.substring(path.lastIndexOf('/') + 1);
      return last.isEmpty() ? null : last;
    };
  }

  /**
   * The first JSON member of this name in the body, a string or a number: {@code jsonField("id")}
   * finds {@code 42} in {@code {"id":42,"title":"..."}}. A plain scan, not a parser: name a member
   * that occurs once, or before any nested one of the same name.
   */
  static CreatedId jsonField(String name) {
    Objects.requireNonNull(name, "name");
    Pattern member =
        Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?[0-9][0-9A-Za-z._+-]*))");
    return created -> {
      String body = created.body();
      if (body == null) {
        return null;
      }
      Matcher matcher = member.matcher(body);
      if (!matcher.find()) {
        return null;
      }
      String value = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      return value.isEmpty() ? null : value;
    };
  }

  /** The {@code Location} header's last segment when there is one, otherwise the JSON member {@code name}. */
  static CreatedId locationOrJsonField(String name) {
    CreatedId location = location();
    CreatedId field = jsonField(name);
    return created -> {
      String id = location.from(created);
      return id != null ? id : field.from(created);
    };
  }
}
