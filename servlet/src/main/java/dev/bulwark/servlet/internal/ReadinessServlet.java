package dev.bulwark.servlet.internal;

import dev.bulwark.net.Cidr;
import dev.bulwark.problem.Problem;
import dev.bulwark.readiness.ReadinessConfig;
import dev.bulwark.readiness.ReadinessReport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Serves the production-readiness report as JSON ({@code /readiness} by default) to trusted
 * addresses only: it maps the application's weak spots, which outsiders have no business reading.
 * Each request runs the checks again, so a log level changed at run time shows.
 */
public final class ReadinessServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Supplier<ReadinessReport> report;
  private final transient Cidr[] trusted;

  /**
   * @param report makes the current report
   * @param config who may read it
   */
  public ReadinessServlet(Supplier<ReadinessReport> report, ReadinessConfig config) {
    this.report = report;
    this.trusted = config.trustedAddresses().stream().map(Cidr::of).toArray(Cidr[]::new);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!TrustedCallers.isTrusted(request, trusted)) {
      ProblemResponses.write(
          request,
          response,
          Problem.of("readiness-forbidden", "Forbidden", 403, "The readiness report is for trusted addresses only."),
          null);
      return;
    }
    JsonResponses.write(response, 200, report.get().toJson());
  }
}
