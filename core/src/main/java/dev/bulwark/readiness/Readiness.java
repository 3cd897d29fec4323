package dev.bulwark.readiness;

import dev.bulwark.internal.OwnLogText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the production-readiness report: Bulwark's own configuration checks plus the checks the
 * surrounding stack contributes. The servlet initializer and the Spring starter call {@link
 * #atStartUp} once, which logs the report and enforces {@code bulwark.readiness.fail-on}.
 *
 * <p>The logged report is exempt from {@link dev.bulwark.net.Redaction#redact}: a log pipeline that
 * redacts every line with it shows the report as written.
 */
public final class Readiness {

  /** The logger of the report, {@code dev.bulwark.readiness}. */
  public static final String LOGGER = "dev.bulwark.readiness";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private Readiness() {}

  /**
   * Runs the configuration checks and the given ones. A check that throws is left out with a
   * warning: a diagnostic must not take the application down by accident.
   */
  public static ReadinessReport evaluate(ReadinessContext context, List<? extends ReadinessCheck> checks) {
    List<ReadinessCheck> all = new ArrayList<>();
    all.add(new ConfigChecks());
    all.addAll(checks);
    List<Finding> findings = new ArrayList<>();
    for (ReadinessCheck check : all) {
      try {
        findings.addAll(check.check(context));
      } catch (RuntimeException e) {
        LOG.warn("Readiness check {} failed; its findings are missing from the report", check.getClass().getName(), e);
      }
    }
    return new ReadinessReport(Protections.of(context.config()), findings, context.config().readiness());
  }

  /**
   * Evaluates, logs the report once (INFO when every finding is acknowledged or there is none, WARN
   * otherwise) and enforces {@code fail-on}.
   *
   * @return the report
   * @throws ReadinessException when a finding listed in {@code fail-on} is present and not
   *     acknowledged
   */
  public static ReadinessReport atStartUp(ReadinessContext context, List<? extends ReadinessCheck> checks) {
    ReadinessReport report = evaluate(context, checks);
    String block = report.toLogBlock();
    // The report holds no secret (setting names and values Bulwark chose to show, never a
    // password); Redaction.redact leaves exactly this text alone, so the log shows what it says.
    OwnLogText.register(block);
    if (report.clean()) {
      LOG.info("{}", block);
    } else {
      LOG.warn("{}", block);
    }
    report.enforce();
    return report;
  }
}
