package dev.bulwark.readiness;

import dev.bulwark.internal.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The production-readiness report: Bulwark's protections with their state and the risky settings
 * found, most severe first. It renders as one log block and as JSON.
 *
 * @param protections every protection, on or off
 * @param findings what the checks found, most severe first
 * @param policy which findings stop start-up and which are acknowledged
 */
public record ReadinessReport(List<Protection> protections, List<Finding> findings, ReadinessConfig policy) {

  /**
   * The most findings of one id the log block and the start-up failure show; the rest are counted
   * (a template scan can find hundreds), and the endpoint lists every one.
   */
  static final int SHOWN_PER_ID = 3;

  /** Copies the lists and orders the findings by severity, then id. */
  public ReadinessReport {
    Objects.requireNonNull(policy, "policy");
    protections = List.copyOf(protections);
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::id));
    findings = List.copyOf(sorted);
  }

  /** Returns the findings that are not acknowledged. */
  public List<Finding> open() {
    return findings.stream().filter(f -> !policy.acknowledges(f)).toList();
  }

  /** Returns the findings that stop start-up under {@code bulwark.readiness.fail-on}. */
  public List<Finding> failing() {
    return findings.stream().filter(policy::failsOn).toList();
  }

  /** Returns whether every finding, if any, is acknowledged. */
  public boolean clean() {
    return open().isEmpty();
  }

  /** Returns whether a finding with the id was reported. */
  public boolean has(String id) {
    return findings.stream().anyMatch(f -> f.id().equals(id));
  }

  /** {@code clean}, {@code findings} (open findings, none failing) or {@code failing}. */
  public String status() {
    if (!failing().isEmpty()) {
      return "failing";
    }
    return clean() ? "clean" : "findings";
  }

  /**
   * Throws when a finding is listed in {@code fail-on} and not acknowledged.
   *
   * @throws ReadinessException naming each such finding with its fix
   */
  public void enforce() {
    List<Finding> failing = failing();
    if (failing.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(256);
    message
        .append("Bulwark refuses to start: bulwark.readiness.fail-on=")
        .append(String.join(",", policy.failOn()))
        .append(" matches ")
        .append(failing.size() == 1 ? "1 finding" : failing.size() + " findings")
        .append('.');
    Map<String, Integer> shown = new LinkedHashMap<>();
    for (Finding finding : failing) {
      int seen = shown.merge(finding.id(), 1, Integer::sum);
      if (seen > SHOWN_PER_ID) {
        continue;
      }
      message
          .append("\n  [")
          .append(finding.severity())
          .append("] ")
          .append(finding.id())
          .append(": ")
          .append(finding.message())
          .append("\n    Fix: ")
          .append(finding.fix());
    }
    for (Map.Entry<String, Integer> count : shown.entrySet()) {
      if (count.getValue() > SHOWN_PER_ID) {
        message.append("\n  ... and ").append(count.getValue() - SHOWN_PER_ID).append(" more ").append(count.getKey());
      }
    }
    message.append("\nIf a finding is deliberate, list its id in bulwark.readiness.acknowledge.");
    throw new ReadinessException(failing, message.toString());
  }

  /** Renders the report as the start-up log block: a table of protections, then one of findings. */
  public String toLogBlock() {
    StringBuilder out = new StringBuilder(2048);
    out.append("Bulwark production-readiness report: ").append(summary());
    int nameWidth = "Protection".length();
    for (Protection protection : protections) {
      nameWidth = Math.max(nameWidth, protection.name().length());
    }
    out.append("\n  ").append(pad("Protection", nameWidth)).append("  State  Detail");
    for (Protection protection : protections) {
      out.append("\n  ")
          .append(pad(protection.name(), nameWidth))
          .append("  ")
          .append(pad(protection.on() ? "on" : "OFF", 5))
          .append("  ")
          .append(protection.detail());
    }
    if (!findings.isEmpty()) {
      int idWidth = "Finding".length();
      for (Finding finding : findings) {
        idWidth = Math.max(idWidth, finding.id().length());
      }
      String indent = "\n  " + " ".repeat(8 + 2 + idWidth + 2 + 14 + 2);
      out.append("\n\n  ").append(pad("Severity", 8)).append("  ").append(pad("Finding", idWidth)).append("  ");
      out.append(pad("Status", 14)).append("  What and fix");
      Map<String, Integer> shown = new LinkedHashMap<>();
      for (int i = 0; i < findings.size(); i++) {
        Finding finding = findings.get(i);
        int seen = shown.merge(finding.id(), 1, Integer::sum);
        if (seen > SHOWN_PER_ID) {
          if (i + 1 == findings.size() || !findings.get(i + 1).id().equals(finding.id())) {
            long all = findings.stream().filter(f -> f.id().equals(finding.id())).count();
            out.append("\n  ")
                .append(" ".repeat(8 + 2))
                .append(pad(finding.id(), idWidth))
                .append("  + ")
                .append(all - SHOWN_PER_ID)
                .append(" more (")
                .append(all)
                .append(" in all; the readiness endpoint lists every one)");
          }
          continue;
        }
        String status = policy.failsOn(finding) ? "FAILS START-UP" : policy.acknowledges(finding) ? "acknowledged" : "open";
        out.append("\n  ")
            .append(pad(finding.severity().name(), 8))
            .append("  ")
            .append(pad(finding.id(), idWidth))
            .append("  ")
            .append(pad(status, 14))
            .append("  ")
            .append(finding.message())
            .append(indent)
            .append("fix: ")
            .append(finding.fix());
      }
    }
    // An empty detail would leave the padding at the end of its line.
    return out.toString().replaceAll("(?m) +$", "");
  }

  private String summary() {
    List<Finding> open = open();
    String fail = policy.failOn().isEmpty() ? "none" : String.join(",", policy.failOn());
    if (findings.isEmpty()) {
      return "no findings (fail-on: " + fail + ")";
    }
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    open.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    StringBuilder out = new StringBuilder();
    out.append(open.size()).append(open.size() == 1 ? " finding" : " findings");
    if (!counts.isEmpty()) {
      out.append(" (");
      boolean first = true;
      for (Map.Entry<Severity, Integer> count : counts.entrySet()) {
        out.append(first ? "" : ", ").append(count.getValue()).append(' ').append(count.getKey().label());
        first = false;
      }
      out.append(')');
    }
    int acknowledged = findings.size() - open.size();
    if (acknowledged > 0) {
      out.append(", ").append(acknowledged).append(" acknowledged");
    }
    out.append(" (fail-on: ").append(fail).append(')');
    int failing = failing().size();
    if (failing > 0) {
      out.append(": ").append(failing).append(failing == 1 ? " finding stops" : " findings stop").append(" start-up");
    }
    return out.toString();
  }

  private static String pad(String value, int width) {
    return value.length() >= width ? value : value + " ".repeat(width - value.length());
  }

  /**
   * The report as plain maps and lists (strings, booleans, numbers), for a framework's JSON
   * writer; {@link #toJson()} renders the same.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      counts.put(severity.label(), open().stream().filter(f -> f.severity() == severity).count());
    }
    counts.put("acknowledged", findings.size() - open().size());
    body.put("counts", counts);
    body.put("failOn", policy.failOn());
    body.put("acknowledge", policy.acknowledge());
    List<Object> protectionList = new ArrayList<>();
    for (Protection protection : protections) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", protection.id());
      item.put("name", protection.name());
      item.put("on", protection.on());
      item.put("detail", protection.detail());
      protectionList.add(item);
    }
    body.put("protections", protectionList);
    List<Object> findingList = new ArrayList<>();
    for (Finding finding : findings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", finding.id());
      item.put("severity", finding.severity().label());
      item.put("message", finding.message());
      item.put("fix", finding.fix());
      item.put("acknowledged", policy.acknowledges(finding));
      item.put("failsStartup", policy.failsOn(finding));
      findingList.add(item);
    }
    body.put("findings", findingList);
    return body;
  }

  /** Renders the report as a JSON document. */
  public String toJson() {
    StringBuilder out = new StringBuilder(2048);
    Json.value(out, toMap());
    return out.toString();
  }
}
