package dev.bulwark.servlet;

import dev.bulwark.servlet.internal.JsonResponses;
import dev.bulwark.health.HealthConfig;
import dev.bulwark.health.HealthGroup;
import dev.bulwark.health.HealthJson;
import dev.bulwark.health.HealthRegistry;
import dev.bulwark.health.HealthReport;
import dev.bulwark.health.HealthStatus;
import dev.bulwark.net.Cidr;
import dev.bulwark.servlet.internal.TrustedCallers;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The liveness, readiness and startup probes ({@code /health/live}, {@code /health/ready}, {@code
 * /health/started} by default) and the overall health for monitoring ({@code /health}: every check,
 * including those no probe should act on, such as the rate-limit store's): 200 when UP, 503 when DOWN, {@code {"status":"UP"}} for anonymous
 * callers and every check's details only for callers allowed to see them. The drop-in initializer
 * registers it; applications add their checks to {@link #registry(ServletContext)}.
 */
public final class HealthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient HealthRegistry registry;
  private final transient HealthConfig config;
  private final transient Cidr[] trusted;

  /**
   * @param registry the checks
   * @param config paths and who sees details
   */
  public HealthServlet(HealthRegistry registry, HealthConfig config) {
    this.registry = registry;
    this.config = config;
    this.trusted = config.trustedAddresses().stream().map(Cidr::of).toArray(Cidr[]::new);
  }

  /**
   * Returns the health registry that the drop-in initializer put in the servlet context, so an
   * application can add its checks, or {@code null} when health endpoints are off.
   */
  public static HealthRegistry registry(ServletContext context) {
    return (HealthRegistry) context.getAttribute(HealthRegistry.class.getName());
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    HealthGroup group;
    if (path.equals(config.livenessPath())) {
      group = HealthGroup.LIVENESS;
    } else if (path.equals(config.readinessPath())) {
      group = HealthGroup.READINESS;
    } else if (path.equals(config.startupPath())) {
      group = HealthGroup.STARTUP;
    } else if (path.equals(config.path())) {
      group = HealthGroup.HEALTH;
    } else {
      response.sendError(404);
      return;
    }
    HealthReport report = registry.check(group);
    JsonResponses.write(response, report.status() == HealthStatus.UP ? 200 : 503, HealthJson.render(report, mayShowDetails(request)));
  }

  private boolean mayShowDetails(HttpServletRequest request) {
    return switch (config.details()) {
      case NEVER -> false;
      case AUTHORIZED -> request.getUserPrincipal() != null && request.isUserInRole(config.detailsRole());
      case TRUSTED_ADDRESSES -> TrustedCallers.isTrusted(request, trusted);
    };
  }
}
