package dev.bulwark.servlet;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.AuthzConfig.PathRule;
import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Subject;
import dev.bulwark.authz.internal.AuditLog;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.servlet.internal.ProblemResponses;
import dev.bulwark.servlet.internal.RequestPaths;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Coarse path rules ({@code bulwark.authz.rules}) checked after the application's authentication
 * filter: the first rule whose patterns and methods match decides; a request no rule matches goes
 * on to the application's object-level guards. Refusals answer 403, typed {@code
 * authentication-required} for anonymous callers (not 401, which needs a {@code WWW-Authenticate}
 * challenge in a scheme only the application's authentication knows), and are audited and counted like policy refusals.
 */
public final class AccessRulesFilter implements Filter {

  private record CompiledRule(PathPattern[] patterns, Set<String> methods, PathRule.Access access, List<String> roles, String description) {}

  private final CompiledRule[] rules;
  private final SecurityEvents events;
  private final AuditLog audit;

  /**
   * @param config the rules
   * @param events where refusals are counted
   * @param requestIdKey the MDC key of the request id, for the audit log
   */
  public AccessRulesFilter(AuthzConfig config, SecurityEvents events, String requestIdKey) {
    this.rules =
        config.rules().stream()
            .map(rule -> new CompiledRule(
                rule.patterns().stream().map(PathPattern::of).toArray(PathPattern[]::new),
                Set.copyOf(rule.methods()),
                rule.access(),
                rule.roles(),
                "path rule " + rule.patterns()))
            .toArray(CompiledRule[]::new);
    this.events = events;
    this.audit = new AuditLog(requestIdKey);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = RequestPaths.mapped(request);
    String method = request.getMethod();
    for (CompiledRule rule : rules) {
      if (!matches(rule, path, method)) {
        continue;
      }
      Subject subject = RequestGuard.subject(request);
      boolean allowed =
          switch (rule.access()) {
            case PUBLIC -> true;
            case AUTHENTICATED -> subject.authenticated();
            case ROLES -> subject.authenticated() && rule.roles().stream().anyMatch(subject::hasRole);
            case DENY -> false;
          };
      if (allowed) {
        break;
      }
      events.record(SecurityEvent.AUTHORIZATION_DENIED);
      audit.refused(subject, null, "path", null, Decision.deny(rule.description()));
      Problem problem =
          subject.authenticated()
              ? Problem.of("access-denied", "Forbidden", 403, "You are not allowed to do this.")
              : Problem.of("authentication-required", "Forbidden", 403, "Sign in to do this.");
      ProblemResponses.write(request, response, problem, null);
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean matches(CompiledRule rule, String path, String method) {
    if (!rule.methods().isEmpty()
        && !rule.methods().contains(method)
        // HttpServlet answers HEAD by running doGet, so a rule for GET covers HEAD too.
        && !("HEAD".equals(method) && rule.methods().contains("GET"))) {
      return false;
    }
    for (PathPattern pattern : rule.patterns()) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
