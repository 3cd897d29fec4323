package dev.bulwark.readiness;

import java.util.List;

/**
 * A check that contributes findings to the production-readiness report. Bulwark's core checks
 * read only the {@link dev.bulwark.config.BulwarkConfig}; the servlet module and the Spring starter
 * add checks of their environment (Actuator exposure, configuration files, logging, the servlet
 * container) through this interface, so the core stays free of any framework.
 *
 * <p>Spring applications add their own checks as beans of this type; plain servlet applications
 * list them in {@code META-INF/services/dev.bulwark.readiness.ReadinessCheck}.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /**
   * Returns this check's findings, empty when it found nothing. Findings whose id is not one of
   * {@link KnownFinding} can still fail start-up through a severity in {@code fail-on}.
   */
  List<Finding> check(ReadinessContext context);
}
