package dev.bulwark.authz;

import dev.bulwark.path.PathPattern;
import java.util.List;
import java.util.Locale;

/**
 * Authorisation settings ({@code bulwark.authz.*}). Authorisation is the application's own logic
 * hosted by Bulwark, not a protection wrapped around it, so it has no switch and stays in force when
 * {@code bulwark.enabled=false} turns the protections off: an application written with guards
 * would otherwise either fail every guarded request or open every object.
 *
 * @param unguarded what to do at start-up when an endpoint has no guard (in Spring no policy, no
 *     security rule, not marked public; in the servlet drop-in a servlet mapping no path rule
 *     covers): {@code warn} logs one table (the default), {@code fail} refuses to start
 *     (recommended for production)
 * @param roles the roles to ask a servlet container about with {@code isUserInRole} when building
 *     the subject (the servlet API cannot list a user's roles); default {@code USER, ADMIN}
 * @param rules coarse path rules checked after authentication, before the application: the first
 *     matching rule decides; a request no rule matches goes on to the application's own guards
 */
public record AuthzConfig(Unguarded unguarded, List<String> roles, List<PathRule> rules) {

  /** What start-up does about endpoints without a guard. */
  public enum Unguarded {
    /** Log a table of them and start. */
    WARN,
    /** Refuse to start. */
    FAIL
  }

  /** Applies defaults. */
  public AuthzConfig {
    unguarded = unguarded == null ? Unguarded.WARN : unguarded;
    roles = roles == null ? List.of("USER", "ADMIN") : List.copyOf(roles);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** The defaults. */
  public static AuthzConfig defaults() {
    return new AuthzConfig(null, null, null);
  }

  /**
   * One coarse rule ({@code bulwark.authz.rules[n].*}).
   *
   * @param patterns the paths it covers, such as {@code /admin/**}
   * @param methods the HTTP methods it covers; empty for all. {@code GET} also covers {@code HEAD},
   *     which servlets answer by running their {@code GET} handler
   * @param access who may pass: {@code public} (anyone), {@code authenticated} (any logged-in
   *     caller), {@code roles} (a caller with one of {@code roles}) or {@code deny} (nobody)
   * @param roles the roles that pass when {@code access} is {@code roles}
   */
  public record PathRule(List<String> patterns, List<String> methods, Access access, List<String> roles) {

    /** Who a rule lets through. */
    public enum Access {
      /** Anyone, logged in or not. */
      PUBLIC,
      /** Any logged-in caller. */
      AUTHENTICATED,
      /** A logged-in caller with one of the rule's roles. */
      ROLES,
      /** Nobody. */
      DENY
    }

    /** Checks the rule is complete. */
    public PathRule {
      if (patterns == null || patterns.isEmpty()) {
        throw new IllegalArgumentException("patterns must list at least one path pattern");
      }
      patterns = List.copyOf(patterns);
      patterns.forEach(PathPattern::of);
      methods =
          methods == null ? List.of() : methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
      roles = roles == null ? List.of() : List.copyOf(roles);
      access = access == null ? (roles.isEmpty() ? Access.AUTHENTICATED : Access.ROLES) : access;
      if (access == Access.ROLES && roles.isEmpty()) {
        throw new IllegalArgumentException("access 'roles' needs at least one role in roles");
      }
    }

    /**
     * Returns whether this rule decides every request to the paths of a pattern, whatever its
     * method: a rule limited to some methods covers nothing whole. For the start-up inventory,
     * so it answers {@code true} only where that is certain ({@link PathPattern#covers}).
     *
     * @param pattern the paths, such as {@code /api/notes/**}
     */
    public boolean covers(PathPattern pattern) {
      if (!methods.isEmpty() || patterns.stream().anyMatch(own -> own.trim().startsWith("!"))) {
        // an exclusion leaves some paths undecided: never certain
        return false;
      }
      for (String own : patterns) {
        if (PathPattern.of(own).covers(pattern)) {
          return true;
        }
      }
      return false;
    }
  }
}
