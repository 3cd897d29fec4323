package dev.bulwark.headers;

import dev.bulwark.internal.Snippet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Content-Security-Policy, used to lint configured policies at start-up. The parser
 * follows CSP Level 3's serialized-policy grammar: directives separated by {@code ;}, a name then
 * whitespace-separated sources.
 */
public final class ContentSecurityPolicy {

  /** The placeholder that Bulwark replaces with the per-response nonce. */
  public static final String NONCE_PLACEHOLDER = "{nonce}";

  private final Map<String, List<String>> directives;

  private ContentSecurityPolicy(Map<String, List<String>> directives) {
    this.directives = directives;
  }

  /**
   * Parses a policy.
   *
   * @throws IllegalArgumentException if a directive repeats (browsers ignore the second, which
   *     hides mistakes), a directive name has characters CSP forbids, or the nonce placeholder is
   *     used outside {@code 'nonce-{nonce}'}
   */
  public static ContentSecurityPolicy parse(String policy) {
    Map<String, List<String>> directives = new LinkedHashMap<>();
    for (String raw : policy.split(";")) {
      String directive = raw.trim();
      if (directive.isEmpty()) {
        continue;
      }
      String[] tokens = directive.split("[ \t]+");
      String name = tokens[0].toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("'" + Snippet.of(tokens[0]) + "' is not a CSP directive name");
      }
      if (directives.containsKey(name)) {
        throw new IllegalArgumentException(
            "directive '" + name + "' appears twice; browsers ignore the second");
      }
      List<String> sources = new ArrayList<>();
      for (int i = 1; i < tokens.length; i++) {
        String source = tokens[i];
        if (source.contains(NONCE_PLACEHOLDER) && !source.equals("'nonce-" + NONCE_PLACEHOLDER + "'")) {
          throw new IllegalArgumentException(
              "the nonce placeholder must be written exactly 'nonce-{nonce}'");
        }
        sources.add(source);
      }
      directives.put(name, Collections.unmodifiableList(sources));
    }
    return new ContentSecurityPolicy(Collections.unmodifiableMap(directives));
  }

  /** Returns the directives in order, each with its sources. */
  public Map<String, List<String>> directives() {
    return directives;
  }

  /** Returns whether the policy uses the nonce placeholder. */
  public boolean usesNonce() {
    for (List<String> sources : directives.values()) {
      if (sources.contains("'nonce-" + NONCE_PLACEHOLDER + "'")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the risky constructs in this policy. */
  public Set<RiskySetting> risks() {
    Set<RiskySetting> risks = EnumSet.noneOf(RiskySetting.class);
    for (Map.Entry<String, List<String>> directive : directives.entrySet()) {
      boolean scriptLike = isScriptLike(directive.getKey());
      for (String source : directive.getValue()) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.equals("'unsafe-inline'")) {
          risks.add(RiskySetting.UNSAFE_INLINE);
        } else if (lower.equals("'unsafe-eval'")) {
          risks.add(RiskySetting.UNSAFE_EVAL);
        } else if (lower.equals("*")
            || (scriptLike && (lower.equals("http:") || lower.equals("https:") || lower.equals("data:")
                || lower.equals("blob:") || lower.equals("*:")))) {
          risks.add(RiskySetting.WILDCARD);
        }
      }
    }
    return risks;
  }

  private boolean isScriptLike(String name) {
    return switch (name) {
      case "script-src", "script-src-elem", "script-src-attr", "object-src", "worker-src" -> true;
      case "default-src" -> !directives.containsKey("script-src");
      default -> false;
    };
  }

  /** Serializes the policy in canonical form. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> directive : directives.entrySet()) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(directive.getKey());
      for (String source : directive.getValue()) {
        out.append(' ').append(source);
      }
    }
    return out.toString();
  }
}
