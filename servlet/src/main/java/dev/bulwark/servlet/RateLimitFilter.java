package dev.bulwark.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Applies the rate-limit rules keyed by the signed-in user ({@code key: principal,...}). It must be
 * mapped after the application's authentication, where {@code getUserPrincipal()} is known; the
 * drop-in initializer and the Spring starter place it there. Obtain it from {@link
 * BulwarkFilter#principalRateLimitFilter()}: it is the same pipeline's later phase, over the same
 * limiter, and what it reserves is settled when Bulwark's filter ends the request.
 */
public final class RateLimitFilter implements Filter {

  private final BulwarkFilter front;

  RateLimitFilter(BulwarkFilter front) {
    this.front = front;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request
        && res instanceof HttpServletResponse response
        && !front.admitSignedIn(request, response)) {
      return;
    }
    chain.doFilter(req, res);
  }
}
