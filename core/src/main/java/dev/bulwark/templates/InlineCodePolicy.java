package dev.bulwark.templates;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.templates.InlineCode.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges inline code against one Content-Security-Policy as CSP Level 3 does: the effective
 * directive for the kind ({@code script-src-elem}, then {@code script-src}, then {@code
 * default-src} for a script element; {@code style-src-attr}, then {@code style-src}, then {@code
 * default-src} for a style attribute; and so on), then its sources: {@code 'unsafe-inline'} (ignored
 * when the list has a nonce or hash, or, for scripts, {@code 'strict-dynamic'}), a nonce for an
 * element that carries one, a hash of the content ({@code 'sha256-'}, {@code 'sha384-'}, {@code
 * 'sha512-'}; for attributes only with {@code 'unsafe-hashes'}).
 */
public final class InlineCodePolicy {

  /**
   * What the policy makes of one piece of inline code.
   *
   * @param allowed whether the browser runs (or applies) it
   * @param directive the directive that decides, such as {@code script-src}; empty when none
   *     applies (then it is allowed)
   * @param nonceSource whether that directive lists a nonce, so a nonce on the element would allow it
   */
  public record Verdict(boolean allowed, String directive, boolean nonceSource) {}

  private final Map<String, List<String>> directives;

  private InlineCodePolicy(Map<String, List<String>> directives) {
    this.directives = directives;
  }

  /**
   * Parses a policy (Bulwark's {@code 'nonce-{nonce}'} placeholder counts as a nonce).
   *
   * @throws IllegalArgumentException if the policy does not parse, as {@link
   *     ContentSecurityPolicy#parse} says
   */
  public static InlineCodePolicy of(String policy) {
    return new InlineCodePolicy(ContentSecurityPolicy.parse(policy).directives());
  }

  /** Judges one piece of inline code. */
  public Verdict judge(InlineCode code) {
    String directive = effectiveDirective(code.kind());
    if (directive == null) {
      return new Verdict(true, "", false);
    }
    List<String> sources = directives.get(directive);
    boolean nonceSource = false;
    boolean hashSource = false;
    boolean unsafeInline = false;
    boolean unsafeHashes = false;
    boolean strictDynamic = false;
    for (String source : sources) {
      String lower = source.toLowerCase(Locale.ROOT);
      if (lower.startsWith("'nonce-") && lower.endsWith("'") && lower.length() > 8) {
        nonceSource = true;
      } else if (isHash(lower)) {
        hashSource = true;
      } else if (lower.equals("'unsafe-inline'")) {
        unsafeInline = true;
      } else if (lower.equals("'unsafe-hashes'")) {
        unsafeHashes = true;
      } else if (lower.equals("'strict-dynamic'")) {
        strictDynamic = true;
      }
    }
    boolean scriptLike = code.kind() != Kind.STYLE && code.kind() != Kind.STYLE_ATTRIBUTE;
    boolean allowsAllInline = unsafeInline && !nonceSource && !hashSource && !(scriptLike && strictDynamic);
    if (allowsAllInline) {
      return new Verdict(true, directive, nonceSource);
    }
    if (code.kind() == Kind.JAVASCRIPT_URL) {
      return new Verdict(false, directive, nonceSource);
    }
    if (code.kind().isElement() && code.hasNonce() && nonceSource) {
      return new Verdict(true, directive, true);
    }
    boolean hashApplies = code.kind().isElement() || unsafeHashes;
    if (hashApplies && hashSource && !code.dynamic() && hashListed(sources, code.content())) {
      return new Verdict(true, directive, nonceSource);
    }
    return new Verdict(false, directive, nonceSource);
  }

  private String effectiveDirective(Kind kind) {
    List<String> order =
        switch (kind) {
          case SCRIPT, JAVASCRIPT_URL -> List.of("script-src-elem", "script-src", "default-src");
          case EVENT_HANDLER -> List.of("script-src-attr", "script-src", "default-src");
          case STYLE -> List.of("style-src-elem", "style-src", "default-src");
          case STYLE_ATTRIBUTE -> List.of("style-src-attr", "style-src", "default-src");
        };
    for (String name : order) {
      if (directives.containsKey(name)) {
        return name;
      }
    }
    return null;
  }

  private static boolean isHash(String lower) {
    return (lower.startsWith("'sha256-") || lower.startsWith("'sha384-") || lower.startsWith("'sha512-"))
        && lower.endsWith("'")
        && lower.length() > 9;
  }

  private static boolean hashListed(List<String> sources, String content) {
    for (String algorithm : List.of("SHA-256", "SHA-384", "SHA-512")) {
      String expected = InlineCode.hashSource(algorithm, content);
      String prefix = expected.substring(0, 8); // 'sha256-
      for (String source : sources) {
        // The algorithm is case-insensitive, the base64 digest is not; base64url is accepted too.
        if (source.length() == expected.length()
            && source.regionMatches(true, 0, prefix, 0, prefix.length())
            && source.substring(8).replace('-', '+').replace('_', '/').equals(expected.substring(8))) {
          return true;
        }
      }
    }
    return false;
  }
}
