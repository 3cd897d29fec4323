package dev.bulwark.spring.readiness;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.readiness.Readiness;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.readiness.ReadinessReport;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Runs the production-readiness report in a Spring application: once when every singleton exists,
 * before the web server starts taking requests, where it logs the report and a {@code fail-on}
 * finding stops start-up; and again for every call of the Actuator endpoint. The checks are every
 * {@link ReadinessCheck} bean, Bulwark's and the application's.
 */
public final class SpringReadiness implements SmartInitializingSingleton {

  private final BulwarkConfig config;
  private final Environment environment;
  private final ObjectProvider<ReadinessCheck> checks;

  /**
   * @param config Bulwark's configuration
   * @param environment the application's settings, for the TLS-proxy signal and environment variables
   * @param checks every readiness check bean
   */
  public SpringReadiness(BulwarkConfig config, Environment environment, ObjectProvider<ReadinessCheck> checks) {
    this.config = config;
    this.environment = environment;
    this.checks = checks;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Readiness.atStartUp(context(), checks());
  }

  /** Runs every check now and returns the report. */
  public ReadinessReport report() {
    return Readiness.evaluate(context(), checks());
  }

  private List<ReadinessCheck> checks() {
    return checks.orderedStream().toList();
  }

  private ReadinessContext context() {
    ReadinessContext context = new ReadinessContext(config, List.of(), environment::getProperty);
    return SpringReadinessChecks.tlsProxySignal(environment).map(context::withTlsProxySignal).orElse(context);
  }
}
