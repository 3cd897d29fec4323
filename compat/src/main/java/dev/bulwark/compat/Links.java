package dev.bulwark.compat;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Which links the walk follows: same origin, a page rather than a file, the fragment dropped. */
public final class Links {

  private static final Set<String> FILE_EXTENSIONS = Set.of(
      "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "woff", "woff2", "ttf",
      "eot", "pdf", "zip", "gz", "tar", "jar", "war", "mp4", "mp3", "csv", "xlsx", "docx");

  private Links() {}

  /**
   * The page address to visit for a link found on a page of {@code origin}, or empty when the walk
   * does not follow it: another origin, another scheme ({@code mailto:}, {@code javascript:}), a file
   * by its extension, or a logout link (it would end the session the rest of the walk uses).
   */
  public static Optional<String> followable(URI origin, String href) {
    if (href == null || href.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = origin.resolve(href.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    if (!scheme.equals(origin.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null
        || !uri.getHost().equalsIgnoreCase(origin.getHost())
        || port(uri) != port(origin)) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String lower = path.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    if (dot > lower.lastIndexOf('/') && FILE_EXTENSIONS.contains(lower.substring(dot + 1))) {
      return Optional.empty();
    }
    if (lower.contains("logout") || lower.contains("signout") || lower.contains("sign-out")) {
      return Optional.empty();
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return Optional.of(scheme + "://" + host + port + path + query);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
