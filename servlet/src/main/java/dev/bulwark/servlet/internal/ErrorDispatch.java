package dev.bulwark.servlet.internal;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.RequestPipeline;
import dev.bulwark.http.Verdict;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import dev.bulwark.servlet.ApplicationErrorPages;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door's answer to the container's error dispatch: the application's own error page for
 * a browser where it has one (the exception hidden from it), Bulwark's problem otherwise.
 */
public final class ErrorDispatch {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkFilter.class);

  private final Assembly assembly;
  private final Answers answers;
  private final Supplier<ApplicationErrorPages> errorPages;

  public ErrorDispatch(Assembly assembly, Answers answers, Supplier<ApplicationErrorPages> errorPages) {
    this.assembly = assembly;
    this.answers = answers;
    this.errorPages = errorPages;
  }

  /** Finds the container's {@code <error-page>} mappings and says at start-up what it keeps. */
  public static ApplicationErrorPages detect(ServletContext context) {
    ContainerErrorPages.Found found = ContainerErrorPages.detect(context);
    if (found.none()) {
      LOG.info("Bulwark answers every error with its own problem page: the application has no <error-page> ({})", found.container());
    } else {
      LOG.info(
          "Bulwark keeps the application's error pages for {} for browsers ({} <error-page>); API clients get problem documents",
          found.describe(),
          found.container());
    }
    return found.pages();
  }

  /**
   * Answers the container's error dispatch (where the filter is mapped for it, as in Spring Boot,
   * whose {@code /error} page would otherwise answer with the request's path and a timestamp):
   * an error the container set outside this filter, such as Tomcat refusing {@code TRACE}, or an
   * exception thrown by a filter ahead of this one, which the container has logged already.
   */
  public void answer(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response.isCommitted()) {
      return;
    }
    RequestPipeline pipeline = assembly.pipeline();
    Exchange exchange;
    int status;
    try {
      status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : response.getStatus();
      String path =
          request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
              ? RequestPaths.withinContext(request, uri)
              : RequestPaths.mapped(request);
      String requestId = request.getAttribute(BulwarkFilter.REQUEST_ID_ATTRIBUTE) instanceof String id ? id : null;
      exchange = pipeline.beginErrorDispatch(new ServletRequestView(request), ServletHeaders.writer(response), path, requestId);
    } catch (RuntimeException e) {
      status = HttpServletResponse.SC_BAD_REQUEST;
      exchange = pipeline.begin(new ServletRequestView(request), ServletHeaders.writer(response));
    }
    Problem problem;
    if (!exchange.readable()) {
      assembly.events().record(SecurityEvent.INVALID_INPUT);
      problem = Problems.malformedRequest();
    } else {
      problem = ContainerErrors.problemFor(status);
      if (ContainerErrors.refusesMethod(status, safeMethod(request), assembly.requestLimits().methods())) {
        // The container met a method the service does not accept (limits off, or a container that
        // dispatches its refusal): the client's error, answered like any such method, not a 5xx.
        assembly.events().record(SecurityEvent.INVALID_INPUT);
        problem = Problems.methodNotAllowed();
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", assembly.requestLimits().allow());
      }
    }
    if (exchange.readable() && renderApplicationPage(request, response, chain, problem, exchange)) {
      return;
    }
    response.resetBuffer();
    answers.write(Verdict.refuse(problem, null), request, response, exchange);
  }

  /**
   * Lets the application's own error page answer a browser's error dispatch, when it has one for
   * the status: with the exception, its message and class hidden from the page, in the exchange
   * of the original request where there was one (its nonce and request id), and with the security
   * headers. Returns {@code false} when Bulwark's own page is to answer.
   */
  private boolean renderApplicationPage(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, Problem problem, Exchange dispatch)
      throws IOException, ServletException {
    ApplicationErrorPages pages = errorPages.get();
    if (pages == null || pages == ApplicationErrorPages.NONE || !ProblemResponses.prefersHtml(request)) {
      return false;
    }
    HttpServletRequest page = new ErrorPageRequest(request);
    if (!pages.has(problem.status(), page)) {
      return false;
    }
    Exchange exchange = request.getAttribute(RequestAttributes.EXCHANGE) instanceof Exchange original ? original : dispatch;
    request.setAttribute(BulwarkFilter.NONCE_ATTRIBUTE, exchange.nonce());
    if (exchange.requestId() != null) {
      request.setAttribute(BulwarkFilter.REQUEST_ID_ATTRIBUTE, exchange.requestId());
    }
    response.setStatus(problem.status());
    ProtectedResponse wrapped = new ProtectedResponse(page, response, exchange);
    try {
      chain.doFilter(page, wrapped);
    } catch (IOException | ServletException | RuntimeException e) {
      if (wrapped.isCommitted()) {
        throw e;
      }
      // The page itself failed: Bulwark's answer, and the failure logged once.
      assembly.pipeline().failed(exchange, e);
      wrapped.writeProblem(problem);
    } finally {
      wrapped.finish();
    }
    return true;
  }

  private static String safeMethod(HttpServletRequest request) {
    try {
      return request.getMethod();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
