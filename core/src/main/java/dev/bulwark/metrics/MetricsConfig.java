package dev.bulwark.metrics;

import dev.bulwark.net.Cidr;
import java.util.List;

/**
 * Request metrics and the Prometheus endpoint of plain servlet applications ({@code
 * bulwark.metrics.*}); installed when {@code io.micrometer:micrometer-registry-prometheus} is on
 * the class path. Spring applications use Actuator's instead.
 *
 * @param enabled whether to record {@code http.server.requests} and serve the scrape endpoint;
 *     default {@code true}
 * @param path the scrape endpoint; default {@code /metrics}
 * @param trustedAddresses CIDR ranges allowed to scrape; default loopback only (list your
 *     Prometheus servers)
 * @param role a role whose signed-in users may scrape too; default none
 */
public record MetricsConfig(Boolean enabled, String path, List<String> trustedAddresses, String role) {

  /** Applies defaults and checks the path and ranges. */
  public MetricsConfig {
    enabled = enabled == null || enabled;
    path = path == null || path.isBlank() ? "/metrics" : path.trim();
    if (!path.matches("/[A-Za-z0-9/_.-]{1,100}")) {
      throw new IllegalArgumentException("path must be a path such as /metrics");
    }
    trustedAddresses = trustedAddresses == null ? List.of("127.0.0.0/8", "::1") : List.copyOf(trustedAddresses);
    trustedAddresses.forEach(Cidr::of);
    role = role == null ? "" : role.trim();
  }

  /** The defaults. */
  public static MetricsConfig defaults() {
    return new MetricsConfig(null, null, null, null);
  }
}
