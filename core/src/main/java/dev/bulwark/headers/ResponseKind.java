package dev.bulwark.headers;

/** The kinds of response that get different headers. */
public enum ResponseKind {
  /** A document a browser renders: {@code text/html} or {@code application/xhtml+xml}. */
  HTML,
  /** Everything else: JSON, text, images, files, empty bodies. */
  OTHER;

  /** Classifies a {@code Content-Type} value; {@code null} (no body) is {@link #OTHER}. */
  public static ResponseKind of(String contentType) {
    if (contentType == null) {
      return OTHER;
    }
    if (contentType.regionMatches(true, 0, "text/html", 0, 9)
        || contentType.regionMatches(true, 0, "application/xhtml+xml", 0, 21)) {
      return HTML;
    }
    return OTHER;
  }
}
