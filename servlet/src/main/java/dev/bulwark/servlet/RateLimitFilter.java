package dev.bulwark.servlet;

import dev.bulwark.net.ClientInfo;
import dev.bulwark.servlet.internal.FilterPlan;
import dev.bulwark.servlet.internal.RateLimiting;
import dev.bulwark.servlet.internal.RequestState;
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
 * BulwarkFilter#principalRateLimitFilter()} so both share one limiter.
 */
public final class RateLimitFilter implements Filter {

  private final RateLimiting rateLimiting;
  private final FilterPlan plan;

  RateLimitFilter(RateLimiting rateLimiting, FilterPlan plan) {
    this.rateLimiting = rateLimiting;
    this.plan = plan;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)
        || !(request.getAttribute(RateLimiting.CLIENT_ATTRIBUTE) instanceof ClientInfo client)) {
      chain.doFilter(req, res);
      return;
    }
    String path = dev.bulwark.servlet.internal.RequestPaths.mapped(request);
    RequestState state =
        request.getAttribute(RateLimiting.STATE_ATTRIBUTE) instanceof RequestState known
            ? known
            : new RequestState(client, plan.policiesFor(path).headers(), new dev.bulwark.headers.CspNonce(), null);
    RateLimiting.Ticket ticket = rateLimiting.before(request, response, client, path.isEmpty() ? "/" : path, true, state);
    if (ticket == null) {
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      rateLimiting.after(ticket, request, response.getStatus());
    }
  }
}
