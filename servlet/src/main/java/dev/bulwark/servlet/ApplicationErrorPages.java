package dev.bulwark.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Which error statuses the application renders with an error page of its own, for the browsers
 * Bulwark's filter answers: a browser (its {@code Accept} prefers {@code text/html}) that meets
 * such a status, whether the application sent it, threw, or Bulwark refused the request, gets the
 * application's page through the container's error dispatch, with the status and the headers
 * Bulwark set ({@code Retry-After}, {@code Allow}, the security headers) and with the exception,
 * its message and its class hidden from the page. API clients keep the problem document.
 *
 * <p>On a plain servlet container the filter finds the {@code <error-page>} mappings of Jetty and
 * Tomcat itself when it starts; the Spring Boot starter asks Spring Boot's error views.
 */
@FunctionalInterface
public interface ApplicationErrorPages {

  /** No page of the application's own: Bulwark answers every error itself. */
  ApplicationErrorPages NONE = (status, request) -> false;

  /**
   * Returns whether the application has its own error page for this status.
   *
   * @param status the error status, 400 to 599
   * @param request the request being answered (read its attributes, never its body)
   */
  boolean has(int status, HttpServletRequest request);

  /**
   * Pages for a fixed set of statuses.
   *
   * @param statuses the statuses with a page
   * @param everyStatus whether a default page answers every other error status too
   */
  static ApplicationErrorPages of(Set<Integer> statuses, boolean everyStatus) {
    Set<Integer> copy = Set.copyOf(statuses);
    if (everyStatus) {
      return (status, request) -> status >= 400 && status <= 599;
    }
    return copy.isEmpty() ? NONE : (status, request) -> copy.contains(status);
  }
}
