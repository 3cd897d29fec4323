package dev.bulwark.health;

import dev.bulwark.internal.Json;
import java.util.Map;

/** Renders health reports as JSON: the status only, or with every check's details. */
public final class HealthJson {

  private HealthJson() {}

  /** Returns {@code {"status":"UP"}} or, with details, the checks too. */
  public static String render(HealthReport report, boolean details) {
    StringBuilder out = new StringBuilder(64);
    out.append("{\"status\":\"").append(report.status()).append('"');
    if (details) {
      out.append(",\"checks\":{");
      boolean first = true;
      for (Map.Entry<String, HealthResult> check : report.checks().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        Json.string(out, check.getKey());
        out.append(":{\"status\":\"").append(check.getValue().status()).append('"');
        if (!check.getValue().details().isEmpty()) {
          out.append(",\"details\":");
          Json.value(out, check.getValue().details());
        }
        out.append('}');
      }
      out.append('}');
    }
    return out.append('}').toString();
  }
}
