package dev.bulwark.encode;

import java.util.Locale;
import java.util.Set;

/**
 * Output encoding by context, over the OWASP Java Encoder. Pick the method named after where the
 * value lands; {@code null} becomes the empty string (never the text {@code "null"}).
 *
 * <pre>{@code
 * <p>${Encode.html(note.title)}</p>
 * <input value="${Encode.htmlAttribute(query)}">
 * <script>const name = '${Encode.javaScriptBlock(name)}';</script>
 * <button onclick="greet('${Encode.javaScriptAttribute(name)}')">
 * <div style="background: url('${Encode.cssString(path)}')">
 * <a href="/search?q=${Encode.uriComponent(query)}">
 * <a href="${Encode.href(profileUrl)}">
 * }</pre>
 */
public final class Encode {

  /** The schemes {@link #href} lets through by default. */
  public static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");

  /** What {@link #href} returns for a URL it refuses: a link that goes nowhere. */
  public static final String REFUSED_HREF = "about:invalid#bulwark";

  private Encode() {}

  /** Text between HTML tags (also safe in a quoted attribute). */
  public static String html(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forHtml(value.toString());
  }

  /** A quoted HTML attribute value (not {@code href}/{@code src}: use {@link #href}; not event handlers). */
  public static String htmlAttribute(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forHtmlAttribute(value.toString());
  }

  /** A quoted JavaScript string inside a {@code <script>} block. */
  public static String javaScriptBlock(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forJavaScriptBlock(value.toString());
  }

  /** A quoted JavaScript string inside an event-handler attribute such as {@code onclick}. */
  public static String javaScriptAttribute(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forJavaScriptAttribute(value.toString());
  }

  /** A quoted JavaScript string in any of the above, or in a {@code .js} file. */
  public static String javaScript(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forJavaScript(value.toString());
  }

  /** A quoted CSS string, such as a {@code url('...')} or {@code content: '...'} value. */
  public static String cssString(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forCssString(value.toString());
  }

  /** One component of a URL: a path segment or a query parameter name or value. */
  public static String uriComponent(Object value) {
    return value == null ? "" : org.owasp.encoder.Encode.forUriComponent(value.toString());
  }

  /**
   * A whole URL for an {@code href} or {@code src} attribute. Encoding alone cannot make a {@code
   * javascript:} URL safe, so the scheme is checked first: relative URLs and {@code http}, {@code
   * https} and {@code mailto} pass (encoded for the attribute); anything else, including schemes
   * disguised with control characters or entities, becomes {@value #REFUSED_HREF}.
   */
  public static String href(Object url) {
    return href(url, SAFE_SCHEMES);
  }

  /**
   * Like {@link #href(Object)} with a chosen scheme allow-list (lower case), such as {@code
   * Set.of("https")}.
   */
  public static String href(Object url, Set<String> allowedSchemes) {
    if (url == null) {
      return "";
    }
    String value = url.toString();
    String scheme = scheme(value);
    if (scheme != null && !allowedSchemes.contains(scheme)) {
      return REFUSED_HREF;
    }
    return org.owasp.encoder.Encode.forHtmlAttribute(value);
  }

  /**
   * Checks a URL's scheme like {@link #href(Object)} but returns it unencoded, for template engines
   * that encode attribute values themselves (Thymeleaf's {@code th:href}, JSTL {@code c:out}).
   */
  public static String safeUrl(Object url) {
    if (url == null) {
      return "";
    }
    String value = url.toString();
    String scheme = scheme(value);
    return scheme != null && !SAFE_SCHEMES.contains(scheme) ? REFUSED_HREF : value;
  }

  /**
   * Returns the scheme a browser would see, lower case, or {@code null} for a relative URL. Browsers
   * ignore leading spaces and controls and remove tabs and line breaks anywhere, so those are
   * dropped first; a {@code :} before any {@code / ? #} ends the scheme. Character references
   * ({@code &#58;}) cannot smuggle a colon in, because the result is encoded for the attribute, so
   * the browser never decodes them.
   */
  static String scheme(String url) {
    StringBuilder cleaned = new StringBuilder(Math.min(url.length(), 64));
    for (int i = 0; i < url.length() && cleaned.length() < 64; i++) {
      char c = url.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || ((c <= ' ' || c == '\u00a0') && cleaned.length() == 0)) {
        continue;
      }
      cleaned.append(c);
    }
    String value = cleaned.toString();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ':') {
        return i == 0 ? "" : value.substring(0, i).toLowerCase(Locale.ROOT);
      }
      if (c == '/' || c == '?' || c == '#') {
        return null;
      }
      if (c < ' ' || c == 0x7f) {
        // a control character before any ':' or '/': refuse rather than guess what a parser does
        return "";
      }
    }
    return null;
  }
}
