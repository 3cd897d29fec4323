package dev.bulwark.templates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * One piece of inline code in a template that a Content-Security-Policy judges: an inline {@code
 * <script>} or {@code <style>} element, a {@code style} attribute, an event-handler attribute
 * ({@code onclick}) or a {@code javascript:} URL.
 *
 * @param kind what it is
 * @param file the template, as the scan names it ({@code templates/notes.html})
 * @param line the 1-based line where the element or attribute starts
 * @param offset the character offset in the template where the element or attribute starts
 * @param element the element's lower-case name ({@code script}, {@code button})
 * @param attribute the attribute's name for the attribute kinds ({@code onclick}, {@code style},
 *     {@code href}), else empty
 * @param content what the browser hashes: the element's text, or the attribute's value with
 *     character references decoded; line breaks normalised to LF as the HTML parser does
 * @param dynamic whether the rendered content depends on template expressions (Thymeleaf inlining,
 *     JSP EL or scriptlets), so no hash of the template text can match it
 * @param hasNonce whether the element carries a nonce attribute ({@code nonce}, {@code th:nonce})
 * @param modelCode whether a Thymeleaf element's text can take a model value as code: {@code
 *     th:text} or {@code th:utext} on it, unescaped inlining {@code [(...)]}, or {@code [[...]]}
 *     outside {@code th:inline="javascript"} (scripts) or {@code "css"} (styles); template nonces
 *     ({@code bulwark.headers.csp.template-nonces}) never go to such an element
 */
public record InlineCode(
    Kind kind,
    String file,
    int line,
    int offset,
    String element,
    String attribute,
    String content,
    boolean dynamic,
    boolean hasNonce,
    boolean modelCode) {

  /** The kinds of inline code, each judged by its own CSP directives. */
  public enum Kind {
    /** An inline {@code <script>} element (no {@code src}, a JavaScript type). */
    SCRIPT("inline <script>"),
    /** An inline {@code <style>} element. */
    STYLE("inline <style>"),
    /** A {@code style="..."} attribute. */
    STYLE_ATTRIBUTE("style attribute"),
    /** An event-handler attribute such as {@code onclick="..."}. */
    EVENT_HANDLER("event handler"),
    /** A {@code javascript:} URL in {@code href}, {@code src}, {@code action} or the like. */
    JAVASCRIPT_URL("javascript: URL");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** A short description for messages. */
    public String label() {
      return label;
    }

    /** Whether this is an element (script or style) rather than an attribute. */
    public boolean isElement() {
      return this == SCRIPT || this == STYLE;
    }
  }

  /** Checks that every part is present. */
  public InlineCode {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(content, "content");
  }

  /** Returns {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }

  /** Returns the CSP hash source of the content, {@code 'sha256-...'}, as a browser computes it. */
  public String sha256() {
    return hashSource("SHA-256", content);
  }

  /**
   * Returns the CSP hash source of a text with one of CSP's algorithms ({@code SHA-256}, {@code
   * SHA-384}, {@code SHA-512}): the base64 digest of its UTF-8 bytes.
   */
  static String hashSource(String algorithm, String text) {
    try {
      byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
      return "'" + algorithm.toLowerCase(java.util.Locale.ROOT).replace("-", "") + "-"
          + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
