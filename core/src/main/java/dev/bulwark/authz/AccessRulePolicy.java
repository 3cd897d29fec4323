package dev.bulwark.authz;

import dev.bulwark.authz.internal.AuditLog;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The path rules of {@code bulwark.authz.rules}, compiled: the first rule whose paths and methods
 * match a request decides, by the caller's sign-in and roles. A refusal is counted, audited like a
 * policy's, and answered with 403 {@code access-denied}, or 403 {@code authentication-required} for
 * an anonymous caller (not 401, which needs a {@code WWW-Authenticate} challenge in a scheme only
 * the application's authentication knows). Thread-safe.
 */
public final class AccessRulePolicy {

  private record CompiledPathRule(
      PathPattern[] patterns, Set<String> methods, AuthzConfig.PathRule.Access access, Set<String> roles, String description) {}

  private static final Problem ACCESS_DENIED = Problems.accessDenied();
  private static final Problem AUTHENTICATION_REQUIRED =
      Problem.of("authentication-required", "Forbidden", 403, "Sign in to do this.");

  private final CompiledPathRule[] rules;
  private final SecurityEvents events;
  private final AuditLog audit;

  private AccessRulePolicy(AuthzConfig config, SecurityEvents events, String requestIdKey) {
    this.rules =
        config.rules().stream()
            .map(rule -> new CompiledPathRule(
                rule.patterns().stream().map(PathPattern::of).toArray(PathPattern[]::new),
                Set.copyOf(rule.methods()),
                rule.access(),
                Set.copyOf(rule.roles()),
                "path rule " + rule.patterns()))
            .toArray(CompiledPathRule[]::new);
    this.events = events;
    this.audit = new AuditLog(requestIdKey);
  }

  /**
   * Compiles the rules.
   *
   * @param events where refusals are counted
   * @param requestIdKey the MDC key of the request id, for the audit log
   */
  public static AccessRulePolicy compile(AuthzConfig config, SecurityEvents events, String requestIdKey) {
    return new AccessRulePolicy(config, events, requestIdKey);
  }

  /** Whether there are any rules at all. */
  public boolean isEmpty() {
    return rules.length == 0;
  }

  /**
   * Judges a request. Returns {@code null} when it may go on, or the problem to answer it with
   * (already counted and audited).
   *
   * @param subject the caller, asked for only when a rule matches
   */
  public Problem check(String method, String path, Supplier<Subject> subject) {
    for (CompiledPathRule rule : rules) {
      if (!matches(rule, path, method)) {
        continue;
      }
      Subject caller = subject.get();
      boolean allowed =
          switch (rule.access()) {
            case PUBLIC -> true;
            case AUTHENTICATED -> caller.authenticated();
            case ROLES -> caller.authenticated() && hasAnyRole(caller, rule.roles());
            case DENY -> false;
          };
      if (allowed) {
        return null;
      }
      events.record(SecurityEvent.AUTHORIZATION_DENIED);
      audit.refused(caller, null, "path", null, Decision.deny(rule.description()));
      return caller.authenticated() ? ACCESS_DENIED : AUTHENTICATION_REQUIRED;
    }
    return null;
  }

  private static boolean hasAnyRole(Subject subject, Set<String> roles) {
    for (String role : subject.roles()) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(CompiledPathRule rule, String path, String method) {
    if (!rule.methods().isEmpty()
        && !rule.methods().contains(method)
        // A servlet answers HEAD by running its GET, so a rule for GET covers HEAD too.
        && !("HEAD".equals(method) && rule.methods().contains("GET"))) {
      return false;
    }
    return PathPattern.anyMatches(rule.patterns(), path);
  }
}
