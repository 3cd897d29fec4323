package dev.bulwark.encode;

import dev.bulwark.encode.internal.RichTextPolicy;
import dev.bulwark.internal.OptionalJar;

/**
 * Sanitizes user-written HTML for fields that must keep some formatting, through the OWASP Java
 * HTML Sanitizer: formatting ({@code b strong i em u s code pre}), paragraphs and lists ({@code p br
 * ul ol li blockquote}) and links ({@code a href} to http, https or mailto, always with {@code
 * rel="nofollow noopener noreferrer"}). Everything else, scripts, styles, event handlers and
 * unknown tags included, is removed; their text is kept and escaped. {@code null} becomes empty.
 *
 * <p>The sanitizer is an optional dependency of Bulwark: add {@code
 * com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer} to use this class.
 */
public final class RichText {

  // Checked once, before RichTextPolicy (and with it the sanitizer) is loaded.
  private static final boolean SANITIZER_PRESENT = OptionalJar.HTML_SANITIZER.present();

  private RichText() {}

  /**
   * Returns the safe subset of some HTML, ready to insert into a page as it is.
   *
   * @throws IllegalStateException when {@code
   *     com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer} is not on the class path
   */
  public static String sanitize(String html) {
    if (!SANITIZER_PRESENT) {
      OptionalJar.requireFor("RichText", OptionalJar.HTML_SANITIZER);
    }
    return html == null ? "" : RichTextPolicy.sanitize(html);
  }
}
