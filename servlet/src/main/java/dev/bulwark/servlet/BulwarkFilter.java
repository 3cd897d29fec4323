package dev.bulwark.servlet;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.cors.CorsPolicy;
import dev.bulwark.crosssite.CrossSiteProtection;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.CspNonce;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.net.HeaderLookup;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import dev.bulwark.requestid.RequestIds;
import dev.bulwark.servlet.internal.ContainerErrors;
import dev.bulwark.servlet.internal.CspReportReceiver;
import dev.bulwark.servlet.internal.FilterPlan;
import dev.bulwark.servlet.internal.ProblemResponses;
import dev.bulwark.servlet.internal.ProtectedResponse;
import dev.bulwark.servlet.internal.RateLimiting;
import dev.bulwark.servlet.internal.RequestLimits;
import dev.bulwark.servlet.internal.RequestParsingFailures;
import dev.bulwark.servlet.internal.RequestPaths;
import dev.bulwark.servlet.internal.RequestState;
import dev.bulwark.servlet.internal.ServletHeaders;
import dev.bulwark.validate.InvalidInputException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bulwark's browser-facing protections as one servlet filter, to be mapped to {@code /*} ahead of
 * every other filter: Host allow-list and HTTPS redirect, CORS, cross-site request protection,
 * security headers chosen by the final response, removal of leaky headers, CSP nonces and the CSP
 * report endpoint, and problem documents for every error.
 *
 * <p>The per-request path does no parsing of configuration and no regular expressions; every
 * policy is compiled when the filter is created.
 */
public class BulwarkFilter implements Filter {

  /** The request attribute that holds the response's {@link CspNonce}. */
  public static final String NONCE_ATTRIBUTE = "cspNonce";

  /** The request attribute that holds the request id (a {@code String}). */
  public static final String REQUEST_ID_ATTRIBUTE = "requestId";

  /**
   * The request attribute a Bulwark filter sets on the requests it protects; a second Bulwark
   * filter in the same chain (one from {@code web.xml} and one from an initializer, say) finds it
   * and passes the request through instead of protecting it twice.
   */
  public static final String APPLIED_ATTRIBUTE = BulwarkFilter.class.getName() + ".APPLIED";

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkFilter.class);

  private volatile FilterPlan plan;
  private volatile CspReportReceiver reports;
  private volatile boolean exposeClient;

  /** Creates a filter that loads its configuration in {@link #init} (for {@code web.xml}). */
  public BulwarkFilter() {}

  /** Creates a filter for a configuration, with its own event counters. */
  public BulwarkFilter(BulwarkConfig config) {
    this(config, new SecurityEvents());
  }

  /**
   * Creates a filter for a configuration.
   *
   * @param config the settings; compiled and checked now
   * @param events where rejections are counted
   * @throws dev.bulwark.core.ConfigException if a setting is invalid
   */
  public BulwarkFilter(BulwarkConfig config, SecurityEvents events) {
    use(config, events);
  }

  private void use(BulwarkConfig config, SecurityEvents events) {
    this.plan = FilterPlan.compile(config, events);
    this.reports = new CspReportReceiver(events);
  }

  @Override
  public void init(FilterConfig filterConfig) {
    if (plan == null) {
      ClassLoader loader = filterConfig.getServletContext().getClassLoader();
      use(BulwarkConfigLoader.load(ConfigSource.standard(loader)), new SecurityEvents());
    }
  }

  /** Returns the event counters this filter records into. */
  public SecurityEvents events() {
    return plan.events();
  }

  /**
   * Returns the rate limiter, for programmatic decisions, inspection and resets, or {@code null}
   * when rate limiting is off.
   */
  public dev.bulwark.ratelimit.RateLimiter rateLimiter() {
    RateLimiting rateLimiting = plan.rateLimiting();
    return rateLimiting == null ? null : rateLimiting.limiter();
  }

  /**
   * Makes the filter leave the resolved client in the request for rate limiting further down the
   * chain (Spring's {@code @RateLimited}); off unless something needs it, as it costs a little per
   * request.
   */
  public void exposeClientToLaterPhases() {
    this.exposeClient = true;
  }

  /**
   * Exempts paths from rate limiting and the penalty box: the hosts call it at start-up with the
   * health endpoint and its probes, which must answer an orchestrator whatever other clients
   * behind its address did. The blocklist still applies.
   */
  public void exemptFromRateLimiting(java.util.List<String> patterns) {
    RateLimiting rateLimiting = plan.rateLimiting();
    if (rateLimiting != null) {
      rateLimiting.exempt(patterns);
    }
  }

  /**
   * Refuses any request body on these paths with 413 before it is read: the hosts call it at
   * start-up with Bulwark's own endpoints that take none (health, metrics, the readiness report,
   * rate-limit inspection), so a body trickled to one cannot hold a request thread.
   */
  public void refuseBodies(java.util.List<String> patterns) {
    plan.refuseBodies(patterns);
  }

  /**
   * Returns the filter that applies rules keyed by the signed-in user; it must run after
   * authentication. {@code null} when no rule needs it.
   */
  public RateLimitFilter principalRateLimitFilter() {
    RateLimiting rateLimiting = plan.rateLimiting();
    return rateLimiting == null || !rateLimiting.hasLateRules() ? null : new RateLimitFilter(rateLimiting, plan);
  }

  @Override
  public void destroy() {
    RateLimiting rateLimiting = plan == null ? null : plan.rateLimiting();
    if (rateLimiting != null) {
      rateLimiting.limiter().close();
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (request.getDispatcherType() == DispatcherType.REQUEST) {
      if (request.getAttribute(APPLIED_ATTRIBUTE) != null) {
        chain.doFilter(request, response);
        return;
      }
      request.setAttribute(APPLIED_ATTRIBUTE, Boolean.TRUE);
    }
    FilterPlan plan = this.plan;
    if (!plan.enabled()) {
      passThrough(request, response, chain);
      return;
    }
    if (request.getDispatcherType() == DispatcherType.ERROR) {
      try {
        answerErrorDispatch(request, response, plan);
      } catch (RuntimeException e) {
        refuseUnreadable(request, response, plan, null, e);
      }
      return;
    }
    String path;
    FilterPlan.PathPolicies policies;
    RequestState state;
    String requestId = null;
    // The failure boundary, part one: whatever Bulwark reads of the request to know who calls and
    // what rules apply is the client's input, and a value that throws is the client's error.
    try {
      path = pathWithinApplication(request);
      policies = plan.policiesFor(path);
      ClientInfo client =
          plan.clientIp().resolve(request.getRemoteAddr(), request.isSecure(), listHeaders(request));
      if (client.forwardedByUntrustedPeer()) {
        plan.events().record(SecurityEvent.UNTRUSTED_FORWARDED);
      }
      if (plan.requestIds() != null) {
        requestId = chooseRequestId(request, plan);
        MDC.put(plan.mdcKey(), requestId);
        RequestIds.bindCurrent(requestId);
        request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        response.setHeader(plan.requestIdHeader(), requestId);
      }
      state = new RequestState(client, policies.headers(), new CspNonce(), requestId);
    } catch (RuntimeException e) {
      refuseUnreadable(request, response, plan, requestId, e);
      unbind(plan, requestId);
      return;
    }
    try {
      protect(request, response, chain, plan, path, policies, state);
    } finally {
      unbind(plan, requestId);
    }
  }

  private static void unbind(FilterPlan plan, String requestId) {
    if (requestId != null) {
      MDC.remove(plan.mdcKey());
      RequestIds.bindCurrent(null);
    }
  }

  private void protect(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      FilterPlan plan,
      String path,
      FilterPlan.PathPolicies policies,
      RequestState state)
      throws IOException, ServletException {
    RateLimiting rateLimiting = plan.rateLimiting();
    RateLimiting.Ticket ticket = null;
    HttpServletRequest limited;
    // The failure boundary, part two: every protection that inspects the request before the
    // application does. Exceptions from the application itself are handled further down.
    try {
      if (!admit(request, response, plan, path, policies, state)) {
        return;
      }
      if (rateLimiting != null) {
        ticket = rateLimiting.before(request, response, state.client(), path, false, state);
        if (ticket == null) {
          return;
        }
      }
      if (!admitAfterRateLimiting(request, response, plan, path, policies, state)) {
        if (ticket != null) {
          rateLimiting.after(ticket, request, response.getStatus());
        }
        return;
      }
      request.setAttribute(NONCE_ATTRIBUTE, state.nonce());
      limited = policies.limits().limit(request);
    } catch (RuntimeException e) {
      if (ticket != null) {
        rateLimiting.after(ticket, request, 400);
      }
      if (!response.isCommitted()) {
        refuseUnreadable(request, response, plan, state.requestId(), e);
      }
      return;
    }

    ProtectedResponse wrapped = new ProtectedResponse(limited, response, state);
    try {
      chain.doFilter(limited, wrapped);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      if (wrapped.isCommitted() || e instanceof OutOfMemoryError || e instanceof InternalError) {
        // Too late to change the answer, or the JVM itself is failing: leave it to the container.
        throw e;
      }
      Problem readFailure = RequestLimits.readFailure(request);
      if (readFailure != null) {
        // Counted below, however the application answered it.
        wrapped.writeProblem(readFailure);
        return;
      }
      AuthorizationException refused = cause(e, AuthorizationException.class);
      if (refused != null) {
        // Already audited and counted by the guard.
        wrapped.writeProblem(refused.toProblem());
        return;
      }
      InvalidInputException invalid = cause(e, InvalidInputException.class);
      if (invalid != null) {
        plan.events().record(SecurityEvent.INVALID_INPUT);
        wrapped.writeProblem(invalid.toProblem());
        return;
      }
      if (RequestParsingFailures.isClientError(e)) {
        // The container or framework could not parse the client's request: its error, not ours,
        // and cheap to provoke, so no stack trace.
        plan.events().record(SecurityEvent.INVALID_INPUT);
        LOG.debug("Refused a request the application could not parse (request {}): {}", state.requestId(), e.getClass().getName());
        wrapped.writeProblem(Problems.malformedRequest());
        return;
      }
      plan.events().record(SecurityEvent.INTERNAL_ERROR);
      LOG.error("Unhandled exception for {} {} (request {}); answered 500", request.getMethod(), path, state.requestId(), e);
      wrapped.writeProblem(Problems.internalError());
    } finally {
      if (RequestLimits.readFailure(request) != null || wrapped.refusedInput()) {
        plan.events().record(SecurityEvent.INVALID_INPUT);
      }
      if (!request.isAsyncStarted()) {
        wrapped.finish();
      }
      if (ticket != null) {
        rateLimiting.after(ticket, request, wrapped.getStatus());
      }
    }
  }

  /**
   * The checks before rate limiting: request limits, Host, the HTTPS redirect. Returns {@code
   * false} when the request was answered here.
   */
  private boolean admit(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterPlan plan,
      String path,
      FilterPlan.PathPolicies policies,
      RequestState state)
      throws IOException {
    Problem limit = policies.limits().check(request, path);
    if (limit != null) {
      plan.events().record(SecurityEvent.INVALID_INPUT);
      if (limit.status() == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
        response.setHeader("Allow", policies.limits().allow());
      }
      ProblemResponses.write(request, response, limit, state);
      return false;
    }
    ClientInfo client = state.client();
    if (!plan.host().isAllowed(client.host())) {
      plan.events().record(SecurityEvent.HOST_REJECTED);
      ProblemResponses.write(request, response, Problems.hostNotAllowed(), state);
      return false;
    }
    String location = plan.host().redirectLocation(client.secure(), client.host(), target(request));
    if (location != null) {
      response.setStatus(308);
      response.setHeader("Location", location);
      new ProtectedResponse(request, response, state).finish();
      return false;
    }
    // The resolved client is what later phases and the internal endpoints must judge callers by.
    request.setAttribute(RateLimiting.CLIENT_ATTRIBUTE, client);
    if (plan.rateLimiting() != null || exposeClient) {
      request.setAttribute(RateLimiting.STATE_ATTRIBUTE, state);
    }
    return true;
  }

  /**
   * The checks after rate limiting: the CSP report endpoint, CORS, cross-site protection. Returns
   * {@code false} when the request was answered here.
   */
  private boolean admitAfterRateLimiting(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterPlan plan,
      String path,
      FilterPlan.PathPolicies policies,
      RequestState state)
      throws IOException {
    String method = request.getMethod();
    if (!plan.reportPath().isEmpty() && plan.reportPath().equals(path) && "POST".equals(method)) {
      reports.receive(request, response, state);
      return false;
    }
    if (policies.cors() && !applyCors(plan.cors(), request, response, method, state.client(), state)) {
      return false;
    }
    if (policies.crossSite()) {
      CrossSiteProtection.Verdict verdict =
          plan.crossSite()
              .check(method, path, request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), state.client().host());
      if (verdict != CrossSiteProtection.Verdict.ALLOWED) {
        plan.events().record(SecurityEvent.CROSS_SITE_BLOCKED);
        ProblemResponses.write(request, response, Problems.crossSiteRequest(), state);
        return false;
      }
    }
    return true;
  }

  /**
   * Answers a request that Bulwark could not read (a header, the path, the client address threw)
   * with a 400 problem: counted as invalid input, logged at debug without a stack trace (any
   * client can provoke it), and written with the global headers when the request's own policies
   * are not known.
   */
  private static void refuseUnreadable(
      HttpServletRequest request, HttpServletResponse response, FilterPlan plan, String requestId, RuntimeException e)
      throws IOException {
    plan.events().record(SecurityEvent.INVALID_INPUT);
    if (LOG.isDebugEnabled()) {
      LOG.debug("Refused an unreadable request (request {}): {}", requestId, e.getClass().getName());
    }
    if (response.isCommitted()) {
      return;
    }
    ClientInfo client = new ClientInfo("", request.isSecure(), "", false);
    RequestState state = new RequestState(client, plan.rootPolicies().headers(), new CspNonce(), requestId);
    try {
      response.resetBuffer();
      ProblemResponses.write(request, response, Problems.malformedRequest(), state);
    } catch (RuntimeException writing) {
      // Even the answer could not be written from this request (its Accept or method threw too):
      // the bare status is still the client's error, not the server's.
      if (!response.isCommitted()) {
        response.reset();
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setHeader("Connection", "close");
        response.setContentLength(0);
      }
    }
  }

  /**
   * Answers the container's error dispatch (where the filter is mapped for it, as in Spring Boot,
   * whose {@code /error} page would otherwise answer with the request's path and a timestamp):
   * an error the container set outside this filter, such as Tomcat refusing {@code TRACE}, or an
   * exception thrown by a filter ahead of this one, which the container has logged already.
   */
  private static void answerErrorDispatch(HttpServletRequest request, HttpServletResponse response, FilterPlan plan)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : response.getStatus();
    String path =
        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
            ? RequestPaths.withinContext(request, uri)
            : pathWithinApplication(request);
    FilterPlan.PathPolicies policies = plan.policiesFor(path);
    ClientInfo client =
        plan.clientIp().resolve(request.getRemoteAddr(), request.isSecure(), listHeaders(request));
    String requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE) instanceof String id ? id : null;
    if (requestId == null && plan.requestIds() != null) {
      requestId = chooseRequestId(request, plan);
    }
    if (requestId != null) {
      response.setHeader(plan.requestIdHeader(), requestId);
    }
    Problem problem = ContainerErrors.problemFor(status);
    if (ContainerErrors.refusesMethod(status, request.getMethod(), policies.limits().methods())) {
      // The container met a method the service does not accept (limits off, or a container that
      // dispatches its refusal): the client's error, answered like any such method, not a 5xx.
      plan.events().record(SecurityEvent.INVALID_INPUT);
      problem = Problems.methodNotAllowed();
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      response.setHeader("Allow", policies.limits().allow());
    }
    response.resetBuffer();
    ProblemResponses.write(request, response, problem, new RequestState(client, policies.headers(), new CspNonce(), requestId));
  }

  /** Bulwark switched off: no protection, but authorisation refusals still get their 403/404. */
  private static void passThrough(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      AuthorizationException refused = cause(e, AuthorizationException.class);
      if (refused == null || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      ProblemResponses.write(request, response, refused.toProblem(), null);
    }
  }

  /** The incoming id when it may be trusted (the id header, else a traceparent's), or a new one. */
  private static String chooseRequestId(HttpServletRequest request, FilterPlan plan) {
    return plan.requestIds()
        .choose(
            ServletHeaders.onlyValue(request, plan.requestIdHeader()),
            ServletHeaders.onlyValue(request, "traceparent"));
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * Handles CORS. Returns {@code false} when the request was answered here (a preflight), {@code
   * true} when it continues.
   */
  private boolean applyCors(
      CorsPolicy cors,
      HttpServletRequest request,
      HttpServletResponse response,
      String method,
      ClientInfo client,
      RequestState state)
      throws IOException {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String ownOrigin = (client.secure() ? "https://" : "http://") + client.host();
    String requestMethod = request.getHeader("Access-Control-Request-Method");
    String requestHeaders = request.getHeader("Access-Control-Request-Headers");
    CorsPolicy.Outcome outcome = cors.decide(method, origin, ownOrigin, requestMethod, requestHeaders);
    switch (outcome) {
      case PASS -> {
        if (!origin.equalsIgnoreCase(ownOrigin)) {
          response.addHeader("Vary", "Origin");
        }
        return true;
      }
      case ALLOW -> {
        response.addHeader("Vary", "Origin");
        response.setHeader("Access-Control-Allow-Origin", cors.allowOrigin(origin));
        if (cors.allowCredentials()) {
          response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        if (cors.exposedHeaders() != null) {
          response.setHeader("Access-Control-Expose-Headers", cors.exposedHeaders());
        }
        return true;
      }
      case PREFLIGHT -> {
        response.setHeader("Vary", CorsPolicy.PREFLIGHT_VARY);
        response.setHeader("Access-Control-Allow-Origin", cors.allowOrigin(origin));
        response.setHeader("Access-Control-Allow-Methods", cors.allowMethods());
        String allowHeaders = cors.allowHeaders(requestHeaders);
        if (allowHeaders != null) {
          response.setHeader("Access-Control-Allow-Headers", allowHeaders);
        }
        if (cors.allowCredentials()) {
          response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        response.setHeader("Access-Control-Max-Age", cors.maxAge());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        new ProtectedResponse(request, response, state).finish();
        return false;
      }
      default -> {
        plan.events().record(SecurityEvent.CORS_REJECTED);
        response.setHeader("Vary", CorsPolicy.PREFLIGHT_VARY);
        Problem problem = Problems.corsRejected();
        ProblemResponses.write(request, response, problem, state);
        return false;
      }
    }
  }

  /** Joins repeated list headers, so a second X-Forwarded-For line cannot hide the first. */
  private static HeaderLookup listHeaders(HttpServletRequest request) {
    return name -> {
      String single = request.getHeader(name);
      if (single == null || (!name.equals("X-Forwarded-For") && !name.equals("Forwarded"))) {
        return single;
      }
      Enumeration<String> values = request.getHeaders(name);
      if (values == null || !values.hasMoreElements()) {
        return null;
      }
      String first = values.nextElement();
      if (!values.hasMoreElements()) {
        return first;
      }
      StringBuilder joined = new StringBuilder(first);
      while (values.hasMoreElements()) {
        joined.append(", ").append(values.nextElement());
      }
      return joined.toString();
    };
  }

  private static String pathWithinApplication(HttpServletRequest request) {
    return RequestPaths.mapped(request);
  }

  private static String target(HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
  }
}
