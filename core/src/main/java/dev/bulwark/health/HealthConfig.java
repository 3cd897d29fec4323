package dev.bulwark.health;

import dev.bulwark.net.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * Health checking ({@code bulwark.health.*}): the probes of plain servlet applications, and the
 * timeout Bulwark puts on every Actuator health indicator in Spring applications (which keep
 * Actuator's endpoint).
 *
 * @param enabled whether the drop-in initializer serves the probes, and whether the Spring starter
 *     puts timeouts on Actuator's health indicators; default {@code true}
 * @param livenessPath default {@code /health/live}
 * @param readinessPath default {@code /health/ready}
 * @param startupPath default {@code /health/started}
 * @param path the overall health, every check: the probes' checks and those that must not take the
 *     instance out of rotation, such as the rate-limit store's (each rule's failure policy keeps
 *     the instance serving while Redis is away); for monitoring, not for a probe; default {@code
 *     /health}
 * @param details who sees each check's details: {@code never} (default), {@code authorized} (users
 *     in {@link #detailsRole()}), or {@code trusted-addresses}; everyone else sees the status only
 * @param detailsRole the role that may see details with {@code authorized}; default {@code ADMIN}
 * @param trustedAddresses CIDR ranges that may see details with {@code trusted-addresses}
 * @param storeTimeout the timeout of the built-in health check of the rate-limit store (on the overall health); default
 *     {@code 1s}; in Spring applications, the timeout of Actuator's {@code bulwarkRateLimit}
 *     indicator
 * @param timeout how long a check may take before it counts as DOWN: every Actuator health
 *     indicator in Spring applications, and servlet checks registered without a timeout of their
 *     own; default {@code 1s}
 */
public record HealthConfig(
    Boolean enabled,
    String livenessPath,
    String readinessPath,
    String startupPath,
    String path,
    DetailsVisibility details,
    String detailsRole,
    List<String> trustedAddresses,
    Duration storeTimeout,
    Duration timeout) {

  /** Who may see check details. */
  public enum DetailsVisibility {
    /** Nobody: status only. */
    NEVER,
    /** Authenticated users in the details role. */
    AUTHORIZED,
    /** Callers from the trusted address ranges. */
    TRUSTED_ADDRESSES
  }

  /** Applies defaults and checks paths and ranges. */
  public HealthConfig {
    enabled = enabled == null || enabled;
    livenessPath = path(livenessPath, "/health/live");
    readinessPath = path(readinessPath, "/health/ready");
    startupPath = path(startupPath, "/health/started");
    path = path(path, "/health");
    if (new java.util.HashSet<>(List.of(livenessPath, readinessPath, startupPath, path)).size() < 4) {
      throw new IllegalArgumentException("bulwark.health paths must differ from each other");
    }
    details = details == null ? DetailsVisibility.NEVER : details;
    detailsRole = detailsRole == null || detailsRole.isBlank() ? "ADMIN" : detailsRole.trim();
    trustedAddresses = trustedAddresses == null ? List.of() : List.copyOf(trustedAddresses);
    trustedAddresses.forEach(Cidr::of);
    storeTimeout = positive(storeTimeout, "store-timeout");
    timeout = positive(timeout, "timeout");
  }

  private static Duration positive(Duration value, String name) {
    if (value == null) {
      return Duration.ofSeconds(1);
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("bulwark.health." + name + " must be positive");
    }
    return value;
  }

  private static String path(String value, String fallback) {
    String path = value == null || value.isBlank() ? fallback : value.trim();
    if (!path.matches("/[A-Za-z0-9/_.-]{1,100}")) {
      throw new IllegalArgumentException("health paths must be paths such as /health/ready");
    }
    return path;
  }

  /** The defaults. */
  public static HealthConfig defaults() {
    return new HealthConfig(null, null, null, null, null, null, null, null, null, null);
  }
}
