package dev.bulwark.servlet.internal;

import dev.bulwark.adoption.AdoptionReport;
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
 * Serves one of Bulwark's reports as JSON to trusted addresses only: the production-readiness
 * report ({@code /readiness} by default), which maps the application's weak spots, and the adoption
 * report beneath it ({@code /readiness/adoption}), which says what enforcing would refuse. Each
 * request renders the report anew, so a log level changed at run time shows.
 */
public final class TrustedReportServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Supplier<String> json;
  private final transient Cidr[] trusted;
  private final transient Problem forbidden;

  private TrustedReportServlet(Supplier<String> json, ReadinessConfig config, Problem forbidden) {
    this.json = json;
    this.trusted = config.trustedAddresses().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.forbidden = forbidden;
  }

  /** The readiness report, run anew per request, for {@code bulwark.readiness.trusted-addresses}. */
  public static TrustedReportServlet readiness(Supplier<ReadinessReport> report, ReadinessConfig config) {
    return new TrustedReportServlet(
        () -> report.get().toJson(),
        config,
        Problem.of("readiness-forbidden", "Forbidden", 403, "The readiness report is for trusted addresses only."));
  }

  /** The adoption report, for the readiness report's trusted addresses. */
  public static TrustedReportServlet adoption(AdoptionReport report, ReadinessConfig config) {
    return new TrustedReportServlet(
        report::toJson,
        config,
        Problem.of("adoption-report-forbidden", "Forbidden", 403, "The adoption report is for trusted addresses only."));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!TrustedCallers.isTrusted(request, trusted)) {
      ProblemResponses.write(request, response, forbidden, null);
      return;
    }
    JsonResponses.write(response, 200, json.get());
  }
}
