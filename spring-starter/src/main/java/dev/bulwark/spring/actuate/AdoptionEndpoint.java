package dev.bulwark.spring.actuate;

import dev.bulwark.adoption.AdoptionReport;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The adoption report over Actuator ({@code bulwarkadoption}): in observe mode, what enforcing
 * would refuse, grouped with the setting that allows each; the CSP violations browsers reported; the
 * headers withheld until enforce. Not exposed unless you include it; secure it like the readiness
 * report, as it maps what the application still lets through.
 */
@Endpoint(id = "bulwarkadoption")
public final class AdoptionEndpoint {
  private final AdoptionReport report;

  /** @param report the assembly's adoption report */
  public AdoptionEndpoint(AdoptionReport report) {
    this.report = report;
  }

  /** The report. */
  @ReadOperation
  public Map<String, Object> report() {
    return report.toMap();
  }
}
