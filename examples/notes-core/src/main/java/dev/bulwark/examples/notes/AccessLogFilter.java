package dev.bulwark.examples.notes;

import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.servlet.Callers;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per request (logger {@code notes.access}): method, path without the query, status,
 * duration and client. Both apps map it ahead of Bulwark's filter, so the status is the one the
 * client received: a refusal a handler throws (a guard's 403 or 404, a validation's 422) unwinds
 * past filters inside Bulwark's before Bulwark answers it, and requests Bulwark refuses itself
 * show too. The line carries the request id Bulwark chose (its {@code requestId} request
 * attribute) in the MDC as {@code requestId}. The client is written in full, as an application
 * would: the apps' JSON log layouts truncate every address (see their logging set-up).
 */
public final class AccessLogFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger("notes.access");

  /** Both apps keep Bulwark's default MDC key ({@code bulwark.request-id.mdc-key}). */
  private static final String MDC_KEY = "requestId";

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(req, res);
      failed = false;
    } finally {
      if (LOG.isInfoEnabled() && req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
        if (!failed && request.isAsyncStarted()) {
          // Answered later (Bulwark reads CSP reports asynchronously): log the final status then.
          request.getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
              log(request, response, response.getStatus(), start);
            }

            @Override
            public void onTimeout(AsyncEvent event) {}

            @Override
            public void onError(AsyncEvent event) {}

            @Override
            public void onStartAsync(AsyncEvent event) {}
          });
        } else {
          // Only what Bulwark itself let through can fail here: the container answers it 500.
          log(request, response, failed && !response.isCommitted() ? 500 : response.getStatus(), start);
        }
      }
    }
  }

  private static void log(HttpServletRequest request, HttpServletResponse response, int status, long start) {
    // Bulwark has left the MDC by now; its id for the request stays in the request.
    String requestId = request.getAttribute(BulwarkFilter.REQUEST_ID_ATTRIBUTE) instanceof String id ? id : null;
    boolean putId = requestId != null && MDC.get(MDC_KEY) == null;
    if (putId) {
      MDC.put(MDC_KEY, requestId);
    }
    try {
      LOG.info(
          "{} {} {} in {} ms from {}",
          request.getMethod(),
          request.getRequestURI(),
          status,
          (System.nanoTime() - start) / 1_000_000,
          Callers.address(request));
    } finally {
      if (putId) {
        MDC.remove(MDC_KEY);
      }
    }
  }
}
