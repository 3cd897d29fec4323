package dev.bulwark.servlet;

import dev.bulwark.http.Exchange;
import dev.bulwark.servlet.internal.RequestAttributes;
import jakarta.servlet.ServletRequest;

/**
 * Tells Bulwark that a request's credentials were refused, for rate-limit rules that count failed
 * credentials only ({@code counted-requests: with-credentials}, like the built-in {@code
 * auth-failures} penalty box).
 *
 * <p>Bulwark counts a 401 answer to a request that carried an {@code Authorization} header by
 * itself. A sign-in form that answers a wrong password with a redirect or a 200 page must say so:
 *
 * <pre>{@code
 * if (!passwords.matches(user, password)) {
 *   FailedCredentials.report(request);
 *   response.sendRedirect("/login?error");
 * }
 * }</pre>
 *
 * <p>With Spring Security, the starter reports every authentication failure event for you.
 */
public final class FailedCredentials {

  private FailedCredentials() {}

  /** Marks the request as a failed sign-in; call it before the response is complete. */
  public static void report(ServletRequest request) {
    if (request.getAttribute(RequestAttributes.EXCHANGE) instanceof Exchange exchange) {
      exchange.reportFailedCredentials();
    }
  }
}
