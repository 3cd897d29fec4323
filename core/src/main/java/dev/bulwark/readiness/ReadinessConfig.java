package dev.bulwark.readiness;

import dev.bulwark.net.Cidr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The production-readiness report ({@code bulwark.readiness.*}): at start-up Bulwark lists its
 * protections and flags risky settings, each with a fix, once in the log and at an endpoint.
 *
 * @param enabled whether the report is made, logged and served; default {@code true}
 * @param failOn findings that stop start-up: severities ({@code high}: high only; {@code medium}:
 *     medium and high; {@code low}: all) and/or finding ids such as {@code literal-secret}; {@code
 *     none} or empty for nothing. Default none
 * @param acknowledge ids of findings accepted on purpose: still listed (marked acknowledged), but
 *     they never stop start-up and do not turn the log line into a warning. Default none
 * @param instances how many instances share traffic, when known; more than 1 with the local
 *     rate-limit store is a finding. Unset, running on Kubernetes ({@code KUBERNETES_SERVICE_HOST}
 *     set) counts as several; 1 says there is only one
 * @param path the report endpoint of plain servlet applications; default {@code /readiness}
 *     (Spring applications get the Actuator endpoint {@code bulwarkreadiness} instead)
 * @param trustedAddresses CIDR ranges that may read the servlet endpoint; default loopback only
 */
public record ReadinessConfig(
    Boolean enabled,
    List<String> failOn,
    List<String> acknowledge,
    Integer instances,
    String path,
    List<String> trustedAddresses) {

  /** Applies defaults and refuses unknown severities and finding ids (typos). */
  public ReadinessConfig {
    enabled = enabled == null || enabled;
    failOn = normalize(failOn);
    if (failOn.contains("none")) {
      if (failOn.size() > 1) {
        throw new IllegalArgumentException("fail-on 'none' cannot be combined with other values");
      }
      failOn = List.of();
    }
    for (String value : failOn) {
      if (severity(value) == null && KnownFinding.byId(value).isEmpty()) {
        throw new IllegalArgumentException(
            "fail-on '" + value + "' is neither a severity (high, medium, low) nor a finding id (" + knownIds() + ")");
      }
    }
    acknowledge = normalize(acknowledge);
    for (String value : acknowledge) {
      if (KnownFinding.byId(value).isEmpty()) {
        throw new IllegalArgumentException("acknowledge '" + value + "' is not a finding id (" + knownIds() + ")");
      }
      if (failOn.contains(value)) {
        throw new IllegalArgumentException("'" + value + "' is both in fail-on and acknowledge; keep one");
      }
    }
    if (instances != null && instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    path = path == null || path.isBlank() ? "/readiness" : path.trim();
    if (!path.matches("/[A-Za-z0-9/_.-]{1,100}")) {
      throw new IllegalArgumentException("path must be a path such as /readiness");
    }
    trustedAddresses = trustedAddresses == null ? List.of("127.0.0.0/8", "::1") : List.copyOf(trustedAddresses);
    trustedAddresses.forEach(Cidr::of);
  }

  /** The defaults: on, nothing fails start-up, nothing acknowledged. */
  public static ReadinessConfig defaults() {
    return new ReadinessConfig(null, null, null, null, null, null);
  }

  /** Returns whether a finding stops start-up: listed by id or severity in fail-on and not acknowledged. */
  public boolean failsOn(Finding finding) {
    if (acknowledges(finding)) {
      return false;
    }
    for (String value : failOn) {
      Severity threshold = severity(value);
      if (threshold != null ? finding.severity().atLeast(threshold) : value.equals(finding.id())) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether a finding was acknowledged. */
  public boolean acknowledges(Finding finding) {
    return acknowledge.contains(finding.id());
  }

  private static List<String> normalize(List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String value : values) {
      String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty() && !out.contains(trimmed)) {
        out.add(trimmed);
      }
    }
    return List.copyOf(out);
  }

  private static Severity severity(String value) {
    for (Severity severity : Severity.values()) {
      if (severity.label().equals(value)) {
        return severity;
      }
    }
    return null;
  }

  private static String knownIds() {
    return Arrays.stream(KnownFinding.values()).map(KnownFinding::id).collect(Collectors.joining(", "));
  }
}
