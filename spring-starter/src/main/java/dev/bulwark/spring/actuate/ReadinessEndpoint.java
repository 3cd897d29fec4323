package dev.bulwark.spring.actuate;

import dev.bulwark.spring.readiness.SpringReadiness;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** The production-readiness report over Actuator ({@code bulwarkreadiness}), evaluated per read. */
@Endpoint(id = "bulwarkreadiness")
public final class ReadinessEndpoint {
  private final SpringReadiness readiness;

  /** @param readiness the report's checks */
  public ReadinessEndpoint(SpringReadiness readiness) {
    this.readiness = readiness;
  }

  /** The report. */
  @ReadOperation
  public Map<String, Object> report() {
    return readiness.report().toMap();
  }
}
