package dev.bulwark.servlet;

import dev.bulwark.authz.AccessRulePolicy;
import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.Subject;
import dev.bulwark.events.SecurityEvents;
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
import java.util.function.Function;

/**
 * Coarse path rules ({@code bulwark.authz.rules}) checked after the application's authentication
 * filter: the first rule whose patterns and methods match decides; a request no rule matches goes
 * on to the application's object-level guards. Refusals answer 403, typed {@code
 * authentication-required} for anonymous callers (not 401, which needs a {@code WWW-Authenticate}
 * challenge in a scheme only the application's authentication knows), and are audited and counted like policy refusals.
 */
public final class AccessRulesFilter implements Filter {

  private final AccessRulePolicy rules;
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
    this.rules = AccessRulePolicy.compile(config, events, requestIdKey);
    this.subjects = subjects;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    Problem refused = rules.check(request.getMethod(), RequestPaths.mapped(request), () -> subjects.apply(request));
    if (refused != null) {
      ProblemResponses.write(request, response, refused, null);
      return;
    }
    chain.doFilter(request, response);
  }
}
