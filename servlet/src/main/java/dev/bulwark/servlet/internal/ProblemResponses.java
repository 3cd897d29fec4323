package dev.bulwark.servlet.internal;

import dev.bulwark.headers.ResponseKind;
import dev.bulwark.http.Exchange;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.ProblemWriter;
import dev.bulwark.servlet.ApplicationErrorPages;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Writes a problem as JSON for API clients or as a small page for browsers. */
public final class ProblemResponses {

  /**
   * The request attribute set when a problem answered a request whose body was never read: the
   * container should close the connection rather than read the rest (Tomcat's valve acts on it).
   */
  public static final String BODY_REFUSED_ATTRIBUTE = "dev.bulwark.bodyRefused";

  /**
   * The request attribute that holds the {@link ApplicationErrorPages} of the filter that took the
   * request, while the request is its own (never in the error dispatch, whose page must not hand
   * its error on again).
   */
  public static final String ERROR_PAGES_ATTRIBUTE = "dev.bulwark.errorPages";

  private ProblemResponses() {}

  /**
   * Returns whether an error with this status goes to the application's own error page: a browser
   * asked (its {@code Accept} prefers HTML), the request could be read, and the application has a
   * page for the status.
   */
  public static boolean toApplicationPage(HttpServletRequest request, int status, Exchange state) {
    if (state == null || !state.readable() || status < 400 || status > 599) {
      return false;
    }
    try {
      return request.getAttribute(ERROR_PAGES_ATTRIBUTE) instanceof ApplicationErrorPages pages
          && prefersHtml(request)
          && pages.has(status, request);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /**
   * Hands the error to the application's page through the container's error dispatch: the status,
   * the headers already set ({@code Retry-After}, {@code Allow}, the request id) and the security
   * headers of an HTML page stay; the exception and its message are taken off the request first.
   */
  public static void sendToApplicationPage(
      HttpServletRequest request, HttpServletResponse response, int status, Exchange state) throws IOException {
    if (hasUnreadBody(request)) {
      response.setHeader("Connection", "close");
      request.setAttribute(BODY_REFUSED_ATTRIBUTE, Boolean.TRUE);
    }
    state.headerPolicy().apply(
        ResponseKind.HTML,
        state.client().secure(),
        state.client().secure() && state.client().isLocalHost(),
        state.nonce(),
        ServletHeaders.writer(response));
    // The page renders in the same exchange: its nonce, request id and client.
    request.setAttribute(RequestAttributes.EXCHANGE, state);
    request.setAttribute(RequestAttributes.CLIENT, state.client());
    request.setAttribute(BulwarkFilter.NONCE_ATTRIBUTE, state.nonce());
    if (state.requestId() != null) {
      request.setAttribute(BulwarkFilter.REQUEST_ID_ATTRIBUTE, state.requestId());
    }
    ErrorPageRequest.scrub(request);
    response.sendError(status);
  }

  /** Returns whether the client prefers HTML, as a browser navigating to a page does. */
  public static boolean prefersHtml(HttpServletRequest request) {
    return prefersHtml(request.getHeader("Accept"));
  }

  /** Returns whether an {@code Accept} value prefers HTML to JSON, as a browser's does. */
  public static boolean prefersHtml(String accept) {
    if (accept == null) {
      return false;
    }
    int html = accept.indexOf("text/html");
    if (html < 0) {
      return false;
    }
    int json = accept.indexOf("json");
    return json < 0 || html < json;
  }

  private static boolean hasUnreadBody(HttpServletRequest request) {
    if (!"HTTP/1.1".equals(request.getProtocol()) && !"HTTP/1.0".equals(request.getProtocol())) {
      return false;
    }
    if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
      return false;
    }
    try {
      return !request.getInputStream().isFinished();
    } catch (IllegalStateException | java.io.IOException readerInUse) {
      return false;
    }
  }

  /**
   * Writes the problem with status, content type and security headers, then commits. The body
   * holds only what Bulwark wrote: no request input, no exception text.
   */
  public static void write(
      HttpServletRequest request, HttpServletResponse response, Problem problem, Exchange state)
      throws IOException {
    if (toApplicationPage(request, problem.status(), state)) {
      sendToApplicationPage(request, response, problem.status(), state);
      return;
    }
    String requestId =
        state != null ? state.requestId() : request.getAttribute("requestId") instanceof String id ? id : null;
    if (requestId != null && !problem.extensions().containsKey("requestId")) {
      problem = problem.with("requestId", requestId);
    }
    boolean html = prefersHtml(request);
    String body = html ? ProblemWriter.toHtml(problem) : ProblemWriter.toJson(problem);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(problem.status());
    if (hasUnreadBody(request)) {
      // The request body was never read: the server closes the connection after this answer, and
      // saying so keeps HTTP/1.1 clients from sending their next request on a dying connection.
      response.setHeader("Connection", "close");
      request.setAttribute(BODY_REFUSED_ATTRIBUTE, Boolean.TRUE);
    }
    response.setContentType(html ? "text/html;charset=UTF-8" : Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    if (state != null) {
      state.headerPolicy().apply(
          html ? ResponseKind.HTML : ResponseKind.OTHER,
          state.client().secure(),
          state.client().secure() && state.client().isLocalHost(),
          state.nonce(),
          ServletHeaders.writer(response));
    }
    if (!"HEAD".equals(request.getMethod())) {
      try {
        OutputStream out = response.getOutputStream();
        out.write(bytes);
      } catch (IllegalStateException writerAlreadyUsed) {
        PrintWriter writer = response.getWriter();
        writer.write(body);
      }
    }
    response.flushBuffer();
  }
}
