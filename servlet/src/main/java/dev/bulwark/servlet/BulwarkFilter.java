package dev.bulwark.servlet;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.RequestPipeline;
import dev.bulwark.http.Verdict;
import dev.bulwark.limits.BodyMeter;
import dev.bulwark.problem.Problem;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.servlet.internal.Answers;
import dev.bulwark.servlet.internal.CspReportReceiver;
import dev.bulwark.servlet.internal.ErrorDispatch;
import dev.bulwark.servlet.internal.MeteredRequest;
import dev.bulwark.servlet.internal.ProblemResponses;
import dev.bulwark.servlet.internal.ProtectedResponse;
import dev.bulwark.servlet.internal.RequestAttributes;
import dev.bulwark.servlet.internal.ServletHeaders;
import dev.bulwark.servlet.internal.ServletRequestView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;

/**
 * Bulwark's front door as one servlet filter, to be mapped to {@code /*} ahead of every other
 * filter. It adapts the servlet request to the {@link RequestPipeline} of an {@link Assembly}
 * (request limits, Host and HTTPS, rate limiting, CSP reports, CORS, cross-site protection: see
 * there), writes the pipeline's answers, wraps the response so that security headers are chosen by
 * the final response and leaky headers removed, and turns whatever the application throws into a
 * problem document.
 *
 * <p>The per-request path does no parsing of configuration and no regular expressions; every
 * policy is compiled when the filter is created.
 */
public class BulwarkFilter implements Filter {

  /** The request attribute that holds the response's {@link dev.bulwark.headers.CspNonce}. */
  public static final String NONCE_ATTRIBUTE = "cspNonce";

  /** The request attribute that holds the request id (a {@code String}). */
  public static final String REQUEST_ID_ATTRIBUTE = "requestId";

  /**
   * The request attribute a Bulwark filter sets on the requests it protects; a second Bulwark
   * filter in the same chain (one from {@code web.xml} and one from an initializer, say) finds it
   * and passes the request through instead of protecting it twice.
   */
  public static final String APPLIED_ATTRIBUTE = BulwarkFilter.class.getName() + ".APPLIED";

  private volatile Assembly assembly;
  private volatile Answers answers;
  private volatile ErrorDispatch errors;
  private volatile ApplicationErrorPages errorPages;

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
    this(Assembly.compile(config, events));
  }

  /** Creates a filter over an assembly that the host built (and may share with other parts). */
  public BulwarkFilter(Assembly assembly) {
    use(assembly);
  }

  private void use(Assembly assembly) {
    this.assembly = assembly;
    this.answers = new Answers(new CspReportReceiver(assembly.events(), assembly.cspReports()));
    this.errors = new ErrorDispatch(assembly, answers, this::applicationErrorPages);
  }

  @Override
  public void init(FilterConfig filterConfig) {
    if (assembly == null) {
      ClassLoader loader = filterConfig.getServletContext().getClassLoader();
      use(Assembly.compile(BulwarkConfigLoader.load(ConfigSource.standard(loader)), new SecurityEvents()));
    }
    // Browsers resolve report-uri against the origin; the receiver listens within this application.
    String contextPath = filterConfig.getServletContext().getContextPath();
    if (contextPath != null && !contextPath.isEmpty()) {
      assembly.reportUnder(contextPath);
    }
    if (errorPages == null) {
      errorPages = ErrorDispatch.detect(filterConfig.getServletContext());
    }
  }

  /**
   * Sets which error statuses the application renders with a page of its own (browsers get that
   * page, API clients the problem document); without it, {@link #init} finds the container's
   * {@code <error-page>} mappings. The Spring Boot starter sets Spring Boot's error views.
   */
  public void useApplicationErrorPages(ApplicationErrorPages pages) {
    this.errorPages = java.util.Objects.requireNonNull(pages, "pages");
  }

  /** Returns the application's error pages this filter keeps, {@link ApplicationErrorPages#NONE} before {@link #init}. */
  public ApplicationErrorPages applicationErrorPages() {
    ApplicationErrorPages pages = errorPages;
    return pages == null ? ApplicationErrorPages.NONE : pages;
  }

  /** Returns the assembly this filter adapts. */
  public Assembly assembly() {
    return assembly;
  }

  /** Returns the event counters this filter records into. */
  public SecurityEvents events() {
    return assembly.events();
  }

  /**
   * Returns the rate limiter, for programmatic decisions, inspection and resets, or {@code null}
   * when rate limiting is off and no handler has a rule of its own.
   */
  public RateLimiter rateLimiter() {
    return assembly.rateLimits().limiter();
  }

  /**
   * Exempts paths from rate limiting and the penalty box: the hosts call it at start-up with the
   * health endpoint and its probes, which must answer an orchestrator whatever other clients
   * behind its address did. The blocklist still applies.
   */
  public void exemptFromRateLimiting(List<String> patterns) {
    assembly.rateLimits().exempt(patterns);
  }

  /**
   * Refuses any request body on these paths with 413 before it is read: the hosts call it at
   * start-up with Bulwark's own endpoints that take none (health, metrics, the readiness report,
   * rate-limit inspection), so a body trickled to one cannot hold a request thread.
   */
  public void refuseBodies(List<String> patterns) {
    assembly.pipeline().refuseBodies(patterns);
  }

  /**
   * Returns the filter that applies rules keyed by the signed-in user; it must run after
   * authentication. {@code null} when no rule needs it.
   */
  public RateLimitFilter principalRateLimitFilter() {
    return assembly.enabled() && assembly.rateLimits().hasLateRules() ? new RateLimitFilter(this) : null;
  }

  /**
   * Applies one handler's own rate-limit rule (added with {@code
   * assembly().rateLimits().addHandlerRules}) to a request this filter admitted. Returns {@code
   * false} when the request was refused and answered here.
   */
  public boolean admitRule(String rule, HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!(request.getAttribute(RequestAttributes.EXCHANGE) instanceof Exchange exchange)) {
      return true;
    }
    String principal = principalName(request);
    return admitLate(exchange, request, response, assembly.pipeline().admitLate(exchange, e -> assembly.rateLimits().admitRule(e, rule, principal)));
  }

  /** The phase after authentication, for {@link RateLimitFilter}. */
  boolean admitSignedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!(request.getAttribute(RequestAttributes.EXCHANGE) instanceof Exchange exchange)) {
      return true;
    }
    String principal = principalName(request);
    return admitLate(exchange, request, response, assembly.pipeline().admitLate(exchange, e -> assembly.rateLimits().admitSignedIn(e, principal)));
  }

  private static boolean admitLate(Exchange exchange, HttpServletRequest request, HttpServletResponse response, Verdict verdict)
      throws IOException {
    if (verdict.continues()) {
      return true;
    }
    response.resetBuffer();
    ProblemResponses.write(request, response, verdict.problem(), exchange);
    return false;
  }

  private static String principalName(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  @Override
  public void destroy() {
    RateLimiter limiter = assembly == null ? null : assembly.rateLimits().limiter();
    if (limiter != null) {
      limiter.close();
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
      ApplicationErrorPages pages = errorPages;
      if (pages != null && pages != ApplicationErrorPages.NONE) {
        request.setAttribute(ProblemResponses.ERROR_PAGES_ATTRIBUTE, pages);
      }
    }
    Assembly assembly = this.assembly;
    if (!assembly.enabled()) {
      passThrough(request, response, chain);
      return;
    }
    RequestPipeline pipeline = assembly.pipeline();
    if (request.getDispatcherType() == DispatcherType.ERROR) {
      errors.answer(request, response, chain);
      return;
    }
    Exchange exchange = pipeline.begin(new ServletRequestView(request), ServletHeaders.writer(response));
    int status = HttpServletResponse.SC_BAD_REQUEST;
    try {
      status = protect(request, response, chain, assembly, exchange);
    } finally {
      pipeline.end(exchange, status);
    }
  }

  /** Runs the pipeline and, when it admits the request, the application; returns the final status. */
  private int protect(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, Assembly assembly, Exchange exchange)
      throws IOException, ServletException {
    if (exchange.requestId() != null) {
      request.setAttribute(REQUEST_ID_ATTRIBUTE, exchange.requestId());
    }
    Verdict verdict = assembly.pipeline().admit(exchange);
    if (!verdict.continues()) {
      return answers.write(verdict, request, response, exchange);
    }
    // The resolved client and the exchange are what later phases and the own endpoints judge by.
    request.setAttribute(RequestAttributes.CLIENT, exchange.client());
    request.setAttribute(RequestAttributes.EXCHANGE, exchange);
    request.setAttribute(NONCE_ATTRIBUTE, exchange.nonce());
    BodyMeter meter = assembly.requestLimits().meter(exchange);
    HttpServletRequest metered = meter == null ? request : new MeteredRequest(request, meter);
    ProtectedResponse wrapped = new ProtectedResponse(metered, response, exchange);
    try {
      chain.doFilter(metered, wrapped);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      if (wrapped.isCommitted()) {
        // Too late to change the answer: leave it to the container.
        throw e;
      }
      Problem problem = assembly.pipeline().failed(exchange, e);
      if (problem == null) {
        // The JVM itself is failing.
        throw e;
      }
      wrapped.writeProblem(problem);
    } finally {
      if (wrapped.refusedInput()) {
        assembly.events().record(SecurityEvent.INVALID_INPUT);
      }
      if (!request.isAsyncStarted()) {
        wrapped.finish();
      }
    }
    return wrapped.getStatus();
  }

  /** Bulwark switched off: no protection, but authorisation refusals still get their 403/404. */
  private static void passThrough(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      dev.bulwark.authz.AuthorizationException refused = authorizationCause(e);
      if (refused == null || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      ProblemResponses.write(request, response, refused.toProblem(), null);
    }
  }

  private static dev.bulwark.authz.AuthorizationException authorizationCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof dev.bulwark.authz.AuthorizationException refused) {
        return refused;
      }
    }
    return null;
  }
}
