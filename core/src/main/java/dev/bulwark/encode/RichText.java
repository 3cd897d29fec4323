package dev.bulwark.encode;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Sanitizes user-written HTML for fields that must keep some formatting, through the OWASP Java
 * HTML Sanitizer: formatting ({@code b strong i em u s code pre}), paragraphs and lists ({@code p br
 * ul ol li blockquote}) and links ({@code a href} to http, https or mailto, always with {@code
 * rel="nofollow noopener noreferrer"}). Everything else, scripts, styles, event handlers and
 * unknown tags included, is removed; their text is kept and escaped. {@code null} becomes empty.
 */
public final class RichText {

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowElements("b", "strong", "i", "em", "u", "s", "code", "pre", "p", "br", "ul", "ol", "li", "blockquote")
          .allowElements("a")
          .allowUrlProtocols("https", "http", "mailto")
          .allowAttributes("href").onElements("a")
          .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
          .toFactory();

  private RichText() {}

  /** Returns the safe subset of some HTML, ready to insert into a page as it is. */
  public static String sanitize(String html) {
    return html == null ? "" : POLICY.sanitize(html);
  }
}
