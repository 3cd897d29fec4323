package dev.bulwark.spring.autoconfigure;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a client's own request for Spring Boot's error path ({@code /error} unless {@code
 * spring.web.error.path} says otherwise) with the 404 an unknown path gets. Mapped for the {@code
 * REQUEST} dispatch only: the container's error dispatches to that path, which Bulwark's filter and
 * Spring Boot's error controller answer, never reach it.
 *
 * <p>Without it the error controller, asked directly, has no error to describe and answers 500 with
 * Spring Boot's own body (or the Whitelabel page), and a request for a sub-path reaches the
 * application. It runs inside Bulwark's filter, whose response turns the {@code sendError} into the
 * problem document with the request id and security headers, and ahead of Spring Security, so an
 * anonymous caller gets the same 404 as a signed-in one rather than a challenge.
 */
final class ErrorPathFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // Bulwark's response wrapper writes the problem; were there none, the container's error
    // dispatch would reach Bulwark's filter, which answers it with the same problem.
    response.sendError(HttpServletResponse.SC_NOT_FOUND);
  }
}
