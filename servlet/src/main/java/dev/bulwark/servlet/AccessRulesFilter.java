package dev.bulwark.servlet;

import dev.bulwark.authz.AuthzConfig.PathRule;
import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Subject;
import dev.bulwark.authz.internal.AuditLog;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
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
import java.util.Set;
import java.util.function.Function;

/**
 * Coarse path rules ({@code bulwark.authz.rules}) checked after the application's authentication
 * filter: the first rule whose patterns and methods match decides; a request no rule matches goes
 * on to the application's object-level guards. Refusals answer 403, typed {@code
 * authentication-required} for anonymous callers (not 401, which needs a {@code WWW-Authenticate}
 * challenge in a scheme only the application's authentication knows), and are audited and counted like policy refusals.
 */
public final class AccessRulesFilter implements Filter {

  private record CompiledPathRule(PathPattern[] patterns, Set<String> methods, PathRule.Access access, Set<String> roles, String description) {}

  private static final Problem ACCESS_DENIED = Problems.accessDenied();
  private static final Problem AUTHENTICATION_REQUIRED =
      Problem.of("authentication-required", "Forbidden", 403, "Sign in to do this.");

  private final CompiledPathRule[] rules;
  private final SecurityEvents events;
  private final AuditLog audit;
  private final Function<HttpServletRequest, Subject> subjects;

  /**
   * Rules judged on the servlet container's principal and roles ({@link RequestGuard#subject}).
   *
   * @param config the rules
   * @param events where refusals are counted
   * @param requestIdKey the MDC key of the request id, for the audit log
   */
  public AccessRulesFilter(AuthzConfig config, SecurityEvents events, String requestIdKey) {
    this(config, events, requestIdKey, RequestGuard::subject);
  }

  /**
   * Rules judged on the subject an integration resolves, such as Spring Security's.
   *
   * @param config the rules
   * @param events where refusals are counted
   * @param requestIdKey the MDC key of the request id, for the audit log
   * @param subjects finds the caller of a request
   */
  public AccessRulesFilter(
      AuthzConfig config, SecurityEvents events, String requestIdKey, Function<HttpServletRequest, Subject> subjects) {
    this.subjects = subjects;
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

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = RequestPaths.mapped(request);
    String method = request.getMethod();
    for (CompiledPathRule rule : rules) {
      if (!matches(rule, path, method)) {
        continue;
      }
      Subject subject = subjects.apply(request);
      boolean allowed =
          switch (rule.access()) {
            case PUBLIC -> true;
            case AUTHENTICATED -> subject.authenticated();
            case ROLES -> subject.authenticated() && hasAnyRole(subject, rule.roles());
            case DENY -> false;
          };
      if (allowed) {
        break;
      }
      events.record(SecurityEvent.AUTHORIZATION_DENIED);
      audit.refused(subject, null, "path", null, Decision.deny(rule.description()));
      ProblemResponses.write(request, response, subject.authenticated() ? ACCESS_DENIED : AUTHENTICATION_REQUIRED, null);
      return;
    }
    chain.doFilter(request, response);
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
        // HttpServlet answers HEAD by running doGet, so a rule for GET covers HEAD too.
        && !("HEAD".equals(method) && rule.methods().contains("GET"))) {
      return false;
    }
    return PathPattern.anyMatches(rule.patterns(), path);
  }
}
