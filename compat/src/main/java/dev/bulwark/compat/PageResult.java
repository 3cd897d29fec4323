package dev.bulwark.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one action showed: the final HTTP status of the page (0 when none was seen), the console
 * errors (CSP reports and failed-load messages are counted in their own columns), the CSP violations,
 * the failed requests (network errors, blocked loads, and sub-resources answered 4xx/5xx), where the
 * browser ended up, and the screenshot's file name and difference against the bare variant.
 */
public record PageResult(
    Action action,
    String finalUrl,
    int status,
    List<String> consoleErrors,
    List<String> cspViolations,
    List<String> failedRequests,
    String note,
    String screenshot,
    Optional<Double> diffPercent) {

  public PageResult {
    consoleErrors = List.copyOf(consoleErrors);
    cspViolations = List.copyOf(cspViolations);
    failedRequests = List.copyOf(failedRequests);
    note = note == null ? "" : note;
  }

  PageResult withDiff(double percent) {
    return new PageResult(action, finalUrl, status, consoleErrors, cspViolations, failedRequests, note, screenshot,
        Optional.of(percent));
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("action", action.toJson());
    json.put("finalUrl", finalUrl);
    json.put("status", status);
    json.put("consoleErrors", consoleErrors);
    json.put("cspViolations", cspViolations);
    json.put("failedRequests", failedRequests);
    json.put("note", note);
    json.put("screenshot", screenshot);
    json.put("diffPercentVsBare", diffPercent.orElse(null));
    return json;
  }
}
