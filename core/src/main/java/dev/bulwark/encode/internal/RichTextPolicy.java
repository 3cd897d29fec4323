package dev.bulwark.encode.internal;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The OWASP sanitizer policy behind {@code RichText}, apart so that {@code RichText} can be loaded,
 * and say which jar is missing, without the sanitizer on the class path.
 */
public final class RichTextPolicy {

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowElements("b", "strong", "i", "em", "u", "s", "code", "pre", "p", "br", "ul", "ol", "li", "blockquote")
          .allowElements("a")
          .allowUrlProtocols("https", "http", "mailto")
          .allowAttributes("href").onElements("a")
          .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
          .toFactory();

  private RichTextPolicy() {}

  /** Returns the safe subset of some HTML. */
  public static String sanitize(String html) {
    return POLICY.sanitize(html);
  }
}
