package dev.bulwark.examples.notes;

import dev.bulwark.servlet.Callers;
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

/**
 * One log line per request that reaches the application (logger {@code notes.access}): method,
 * path without the query, status, duration and client. Both apps map it just inside Bulwark's
 * filter, so the line carries the request id in the MDC ({@code requestId}); requests Bulwark
 * refuses show in its metrics instead. The client is written in full, as an application would:
 * the apps' JSON log layouts truncate every address (see their logging set-up).
 */
public final class AccessLogFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger("notes.access");

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
        LOG.info(
            "{} {} {} in {} ms from {}",
            request.getMethod(),
            request.getRequestURI(),
            // A handler's exception becomes a 500 further out (Bulwark's problem answer).
            failed && !response.isCommitted() ? 500 : response.getStatus(),
            (System.nanoTime() - start) / 1_000_000,
            Callers.address(request));
      }
    }
  }
}
