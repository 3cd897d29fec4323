package dev.bulwark.servlet;

import dev.bulwark.http.Exchange;
import dev.bulwark.problem.Problem;
import dev.bulwark.servlet.internal.ProblemResponses;
import dev.bulwark.servlet.internal.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers with a problem document the way Bulwark's filter does, for integrations that handle an
 * error themselves (the Spring starter's exception resolver, an application's own filter).
 */
public final class ProblemAnswers {

  private ProblemAnswers() {}

  /**
   * Writes the problem and commits the response: JSON ({@code application/problem+json}) for API
   * clients, a small page for browsers, with the request id. The body holds only the problem.
   */
  public static void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
    ProblemResponses.write(request, response, problem, null);
  }

  /**
   * Returns why reading the request body broke Bulwark's limits (too large, not UTF-8), or {@code
   * null}: the answer to give when the application turned the failed read into an error of its own.
   */
  public static Problem bodyFailure(HttpServletRequest request) {
    return request.getAttribute(RequestAttributes.EXCHANGE) instanceof Exchange exchange ? exchange.bodyFailure() : null;
  }
}
