package dev.bulwark.readiness;

import dev.bulwark.config.BulwarkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the readiness checks look at: Bulwark's configuration plus facts about the deployment that
 * only the surrounding framework or platform knows.
 *
 * @param config Bulwark's configuration
 * @param tlsProxySignals reasons to believe the service runs behind a TLS-terminating proxy, found
 *     outside Bulwark's configuration (Spring's {@code server.forward-headers-strategy}, say)
 * @param environment looks up environment variables, such as {@code KUBERNETES_SERVICE_HOST}
 */
public record ReadinessContext(
    BulwarkConfig config, List<String> tlsProxySignals, UnaryOperator<String> environment) {

  /** The environment variable Kubernetes sets in every container. */
  public static final String KUBERNETES_VARIABLE = "KUBERNETES_SERVICE_HOST";

  /** Copies the signals. */
  public ReadinessContext {
    Objects.requireNonNull(config, "config");
    tlsProxySignals = tlsProxySignals == null ? List.of() : List.copyOf(tlsProxySignals);
    environment = environment == null ? name -> null : environment;
  }

  /** A context over a configuration and the process environment. */
  public static ReadinessContext of(BulwarkConfig config) {
    return new ReadinessContext(config, List.of(), System::getenv);
  }

  /** Returns a copy with one more reason to believe a TLS-terminating proxy is in front. */
  public ReadinessContext withTlsProxySignal(String signal) {
    List<String> signals = new ArrayList<>(tlsProxySignals);
    signals.add(signal);
    return new ReadinessContext(config, signals, environment);
  }

  /** Returns a copy that reads environment variables through a lookup. */
  public ReadinessContext withEnvironment(UnaryOperator<String> lookup) {
    return new ReadinessContext(config, tlsProxySignals, lookup);
  }

  /**
   * Returns why the service is believed to run behind a TLS-terminating proxy (trusted proxies
   * configured, or a framework's signal), or empty.
   */
  public Optional<String> behindTlsProxy() {
    if (!config.clientIp().trustedProxies().isEmpty()) {
      return Optional.of("bulwark.client-ip.trusted-proxies is set");
    }
    return tlsProxySignals.stream().findFirst();
  }

  /**
   * Returns why several instances are believed to share traffic, or empty: {@code
   * bulwark.readiness.instances} above 1, or, when it is unset, a Kubernetes container.
   */
  public Optional<String> multipleInstances() {
    Integer declared = config.readiness().instances();
    if (declared != null) {
      return declared > 1 ? Optional.of("bulwark.readiness.instances=" + declared) : Optional.empty();
    }
    String kubernetes = environment.apply(KUBERNETES_VARIABLE);
    if (kubernetes != null && !kubernetes.isBlank()) {
      return Optional.of("running on Kubernetes (" + KUBERNETES_VARIABLE + " is set)");
    }
    return Optional.empty();
  }
}
