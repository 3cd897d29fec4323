package dev.bulwark.servlet.internal;

import dev.bulwark.metrics.MetricsConfig;
import dev.bulwark.net.Cidr;
import dev.bulwark.problem.Problem;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Prometheus scrape endpoint, for trusted addresses (and a role, if set) only: metrics reveal
 * routes, traffic and failures, which outsiders have no business reading.
 */
public final class PrometheusServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient PrometheusMeterRegistry registry;
  private final transient Cidr[] trusted;
  private final String role;

  public PrometheusServlet(PrometheusMeterRegistry registry, MetricsConfig config) {
    this.registry = registry;
    this.trusted = config.trustedAddresses().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.role = config.role();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!allowed(request)) {
      ProblemResponses.write(
          request, response, Problem.of("metrics-forbidden", "Forbidden", 403, "Metrics are for trusted scrapers only."), null);
      return;
    }
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private boolean allowed(HttpServletRequest request) {
    if (!role.isEmpty() && request.getUserPrincipal() != null && request.isUserInRole(role)) {
      return true;
    }
    return TrustedCallers.isTrusted(request, trusted);
  }
}
