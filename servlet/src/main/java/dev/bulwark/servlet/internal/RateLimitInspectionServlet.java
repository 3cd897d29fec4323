package dev.bulwark.servlet.internal;

import dev.bulwark.net.Cidr;
import dev.bulwark.problem.Problem;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitInspection;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimiter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Inspects and resets one key's bucket for plain servlet applications, as the Actuator endpoint
 * {@code bulwarkratelimit} does in Spring: {@code GET <path>} lists the rules, {@code GET <path>/<rule>/<key>}
 * shows a key's state without consuming, {@code DELETE} forgets its bucket and penalty block. Only
 * trusted addresses may call it. A key may hold slashes (an IPv6 network's {@code ip:2001:db8::/64});
 * no answer repeats the key, nor the name of a rule that does not exist.
 */
public final class RateLimitInspectionServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient RateLimitPolicy policy;
  private final transient Cidr[] trusted;

  /**
   * @param policy the front door's rate limiting
   * @param config the inspect path's callers
   */
  public RateLimitInspectionServlet(RateLimitPolicy policy, RateLimitConfig config) {
    this.policy = policy;
    this.trusted = config.inspectTrustedAddresses().stream().map(Cidr::of).toArray(Cidr[]::new);
  }

  /** Refuses callers outside the trusted ranges, whatever the method. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    if (!TrustedCallers.isTrusted(request, trusted)) {
      ProblemResponses.write(
          request,
          response,
          Problem.of("rate-limit-inspection-forbidden", "Forbidden", 403, "Rate-limit inspection is for trusted addresses only."),
          null);
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RateLimiter current = policy.limiter();
    String[] ruleAndKey = ruleAndKey(request);
    if (ruleAndKey == null) {
      JsonResponses.write(response, 200, RateLimitInspection.toJson(RateLimitInspection.rules(policy)));
      return;
    }
    if (refused(request, response, current, ruleAndKey)) {
      return;
    }
    JsonResponses.write(response, 200, RateLimitInspection.toJson(RateLimitInspection.state(current.inspect(ruleAndKey[0], ruleAndKey[1]))));
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String[] ruleAndKey = ruleAndKey(request);
    RateLimiter current = policy.limiter();
    if (ruleAndKey == null) {
      response.setHeader("Allow", "GET");
      ProblemResponses.write(request, response, Problem.ofStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED), null);
      return;
    }
    if (refused(request, response, current, ruleAndKey)) {
      return;
    }
    current.reset(ruleAndKey[0], ruleAndKey[1]);
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    response.setHeader("Cache-Control", "no-store");
  }

  /** Answers an unknown rule, or a rule without a key, with a 404 problem; returns whether it did. */
  private static boolean refused(
      HttpServletRequest request, HttpServletResponse response, RateLimiter limiter, String[] ruleAndKey) throws IOException {
    if (limiter == null || !limiter.stats().rules().contains(ruleAndKey[0])) {
      ProblemResponses.write(request, response, RateLimitInspection.unknownRule(), null);
      return true;
    }
    if (ruleAndKey[1] == null) {
      ProblemResponses.write(request, response, Problem.ofStatus(HttpServletResponse.SC_NOT_FOUND), null);
      return true;
    }
    return false;
  }

  /**
   * The rule and the key (which may hold slashes) after the path, the key {@code null} when
   * missing; {@code null} at the path itself.
   */
  private static String[] ruleAndKey(HttpServletRequest request) {
    String rest = request.getPathInfo();
    if (rest == null || rest.length() <= 1) {
      return null;
    }
    int slash = rest.indexOf('/', 1);
    if (slash < 0 || slash == rest.length() - 1) {
      return new String[] {rest.substring(1, slash < 0 ? rest.length() : slash), null};
    }
    return new String[] {rest.substring(1, slash), rest.substring(slash + 1)};
  }
}
