package dev.bulwark.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Markdown and JSON renderings of the walk: one table per variant, and a summary across variants. */
final class Report {

  /**
   * One variant's run: its rows, or why it produced none; and, with Bulwark on, the adoption and
   * readiness reports read from Actuator after the walk ({@code endpoints} says where, or why not).
   */
  record VariantRun(Variant variant, Optional<String> failure, double startSeconds, List<PageResult> rows,
      Optional<Map<String, Object>> adoption, Optional<Map<String, Object>> readiness, String endpoints) {
    VariantRun {
      rows = List.copyOf(rows);
    }

    VariantRun(Variant variant, Optional<String> failure, double startSeconds, List<PageResult> rows) {
      this(variant, failure, startSeconds, rows, Optional.empty(), Optional.empty(), "");
    }

    long count(java.util.function.ToIntFunction<PageResult> f) {
      return rows.stream().mapToLong(f::applyAsInt).sum();
    }
  }

  private static final int DETAILS_PER_KIND = 5;
  private static final int DETAIL_CHARS = 220;

  private Report() {}

  /** The variant's table, its totals and the messages behind every non-zero cell. */
  static String variantMarkdown(String app, VariantRun run, String reference) {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(app).append(" — `").append(run.variant().name()).append("` (")
        .append(run.variant().describe()).append(")\n\n");
    if (run.failure().isPresent()) {
      md.append("Did not run: ").append("\n\n```\n").append(run.failure().get()).append("\n```\n");
      return md.toString();
    }
    md.append(String.format(Locale.ROOT, "Started in %.1f s; %d rows.%n%n", run.startSeconds(), run.rows().size()));
    md.append("| # | Action | Status | Console errors | CSP violations | Failed requests | Diff vs ")
        .append(reference).append(" |\n|---|---|---|---|---|---|---|\n");
    int i = 0;
    for (PageResult r : run.rows()) {
      i++;
      String action = r.action().describe();
      if (!r.note().isEmpty()) {
        action += " *(" + r.note() + ")*";
      }
      md.append("| ").append(i).append(" | ").append(cell(action)).append(" | ")
          .append(r.status() == 0 ? "—" : String.valueOf(r.status())).append(" | ")
          .append(r.consoleErrors().size()).append(" | ").append(cspCell(r)).append(" | ")
          .append(r.failedRequests().size()).append(" | ")
          .append(r.diffPercent().map(Report::percent).orElse("—")).append(" |\n");
    }
    md.append(String.format(Locale.ROOT,
        "%nTotals: %d console errors, %d CSP violations (+ %d report-only), %d failed requests; %d rows with status"
            + " 4xx/5xx; %d rows differ from %s by more than 1 %% of pixels.%n",
        run.count(r -> r.consoleErrors().size()), run.count(Report::enforced), run.count(Report::reportOnly),
        run.count(r -> r.failedRequests().size()), run.count(r -> r.status() >= 400 ? 1 : 0),
        run.count(r -> r.diffPercent().orElse(0.0) > 1.0 ? 1 : 0), reference));
    if (run.variant().bulwark()) {
      md.append('\n').append(endpointsMarkdown(run));
    }
    StringBuilder details = new StringBuilder();
    i = 0;
    for (PageResult r : run.rows()) {
      i++;
      appendDetails(details, i, "console", r.consoleErrors());
      appendDetails(details, i, "CSP", r.cspViolations());
      appendDetails(details, i, "failed", r.failedRequests());
    }
    if (details.length() > 0) {
      md.append("\n<details><summary>Messages</summary>\n\n").append(details).append("\n</details>\n");
    }
    return md.toString();
  }

  /** One line per variant: the totals side by side. */
  static String summaryMarkdown(String app, List<VariantRun> runs, String reference) {
    StringBuilder md = new StringBuilder();
    md.append("| Variant | Bulwark | Rows | Status 4xx/5xx | Console errors | CSP violations | CSP report-only | Failed requests"
        + " | Rows > 1 % pixels vs ").append(reference).append(" |\n|---|---|---|---|---|---|---|---|---|\n");
    for (VariantRun run : runs) {
      md.append("| `").append(run.variant().name()).append("` | ").append(cell(run.variant().describe())).append(" | ");
      if (run.failure().isPresent()) {
        md.append("did not run: ").append(cell(firstLine(run.failure().get()))).append(" | | | | | | |\n");
        continue;
      }
      md.append(run.rows().size()).append(" | ").append(run.count(r -> r.status() >= 400 ? 1 : 0)).append(" | ")
          .append(run.count(r -> r.consoleErrors().size())).append(" | ")
          .append(run.count(Report::enforced)).append(" | ").append(run.count(Report::reportOnly)).append(" | ")
          .append(run.count(r -> r.failedRequests().size())).append(" | ")
          .append(run.count(r -> r.diffPercent().orElse(0.0) > 1.0 ? 1 : 0)).append(" |\n");
    }
    return md.toString();
  }

  static Map<String, Object> json(String app, String checkout, List<Action> plan, List<VariantRun> runs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("app", app);
    json.put("checkout", checkout);
    json.put("plan", plan.stream().map(Action::toJson).toList());
    json.put("variants", runs.stream().map(run -> {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", run.variant().name());
      v.put("bulwark", run.variant().bulwark());
      v.put("properties", run.variant().properties().map(Object::toString).orElse(null));
      v.put("failure", run.failure().orElse(null));
      v.put("startSeconds", run.startSeconds());
      v.put("rows", run.rows().stream().map(PageResult::toJson).toList());
      if (run.variant().bulwark()) {
        v.put("endpoints", run.endpoints());
        v.put("adoption", run.adoption().orElse(null));
        v.put("readiness", run.readiness().orElse(null));
      }
      return v;
    }).toList());
    Map<String, Object> predictions = new LinkedHashMap<>();
    comparisons(runs).forEach((name, c) -> predictions.put(name, c.toJson()));
    json.put("predictedVsSeen", predictions);
    return json;
  }

  /** A violation the listener recorded under a report-only policy ({@code report ...}), or Chromium's report-only console line. */
  static boolean isReportOnly(String violation) {
    return violation.startsWith("report ") || violation.contains("report-only") || violation.contains("Report-Only");
  }

  private static int enforced(PageResult r) {
    return (int) r.cspViolations().stream().filter(v -> !isReportOnly(v)).count();
  }

  private static int reportOnly(PageResult r) {
    return (int) r.cspViolations().stream().filter(Report::isReportOnly).count();
  }

  private static String cspCell(PageResult r) {
    int ro = reportOnly(r);
    return enforced(r) + (ro == 0 ? "" : " (+" + ro + " report-only)");
  }

  /**
   * The observe variant's adoption report against every variant with Bulwark: the observe variant's
   * own report-only violations (did each reach the report?), and each enforcing variant's violations
   * and refusals (did the report predict them?). Empty without an observe run that served its report.
   */
  static Map<String, Predictions.Comparison> comparisons(List<VariantRun> runs) {
    Map<String, Predictions.Comparison> out = new LinkedHashMap<>();
    Optional<VariantRun> observe = runs.stream()
        .filter(r -> r.variant().name().equals("observe") && r.adoption().isPresent()).findFirst();
    if (observe.isEmpty() || runs.isEmpty()) {
      return out;
    }
    java.util.Set<String> predicted = Predictions.predicted(observe.get().adoption().get());
    List<PageResult> reference = runs.get(0).rows();
    for (VariantRun run : runs) {
      if (!run.variant().bulwark() || run.failure().isPresent()) {
        continue;
      }
      boolean self = run == observe.get();
      out.put(run.variant().name(),
          Predictions.compare(predicted, Predictions.seen(run.rows(), reference, self ? "report" : "enforce")));
    }
    return out;
  }

  /** The section comparing the adoption report's predictions with what each variant showed. */
  static String predictionsMarkdown(String app, List<VariantRun> runs) {
    Map<String, Predictions.Comparison> comparisons = comparisons(runs);
    StringBuilder md = new StringBuilder("### ").append(app).append(" — predicted (observe's adoption report) vs seen\n\n");
    if (comparisons.isEmpty()) {
      return md.append("No comparison: no `observe` variant served its adoption report.\n").toString();
    }
    md.append("Keys: `csp DIRECTIVE BLOCKED PAGE` (pages folded to routes as the report folds them) and `refusal STATUS"
        + " ROUTE`. For `observe` itself, *seen* is its own report-only violations in the browser: did each reach the"
        + " report? For the others, *seen* is what they enforced: did the report predict it?\n\n")
        .append("| Variant | Predicted and seen | Seen, not predicted (misses) | Predicted, not seen |\n|---|---|---|---|\n");
    comparisons.forEach((name, c) -> md.append("| `").append(name).append("` | ").append(c.predictedAndSeen().size())
        .append(" | ").append(c.seenNotPredicted().size()).append(" | ").append(c.predictedNotSeen().size())
        .append(" |\n"));
    md.append("\n<details><summary>Keys</summary>\n\n");
    comparisons.forEach((name, c) -> {
      keys(md, name, "predicted and seen", c.predictedAndSeen());
      keys(md, name, "seen, not predicted (miss)", c.seenNotPredicted());
      keys(md, name, "predicted, not seen", c.predictedNotSeen());
    });
    return md.append("\n</details>\n").toString();
  }

  private static void keys(StringBuilder md, String variant, String what, List<String> keys) {
    for (String key : keys) {
      md.append("- `").append(variant).append("` ").append(what).append(": `").append(key.replace("`", "'")).append("`\n");
    }
  }

  /** Where the adoption and readiness reports came from, and what they hold, in one paragraph. */
  @SuppressWarnings("unchecked")
  static String endpointsMarkdown(VariantRun run) {
    StringBuilder md = new StringBuilder("Bulwark's reports after the walk: ")
        .append(run.endpoints().isEmpty() ? "not read" : run.endpoints()).append(".");
    run.adoption().ifPresent(a -> md.append(" Adoption report (mode ").append(a.get("mode")).append("): ")
        .append(((List<Object>) a.getOrDefault("cspViolations", List.of())).size()).append(" CSP violation groups, ")
        .append(((List<Object>) a.getOrDefault("refusals", List.of())).size()).append(" refusal groups, ")
        .append(((List<Object>) a.getOrDefault("withheldHeaders", List.of())).size()).append(" withheld headers."));
    run.readiness().ifPresent(r -> {
      Map<String, Integer> byId = new java.util.TreeMap<>();
      for (Object f : (List<Object>) r.getOrDefault("findings", List.of())) {
        byId.merge(String.valueOf(((Map<String, Object>) f).get("id")), 1, Integer::sum);
      }
      md.append(" Readiness findings: ").append(byId.isEmpty() ? "none" : byId.entrySet().stream()
          .map(e -> e.getKey() + " ×" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))).append('.');
    });
    return md.append('\n').toString();
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.2f %%", p);
  }

  /** A table cell: no pipe or line break may end the cell early. */
  static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  private static void appendDetails(StringBuilder out, int row, String kind, List<String> messages) {
    for (int k = 0; k < Math.min(DETAILS_PER_KIND, messages.size()); k++) {
      String m = messages.get(k).replace("\n", " ").replace("`", "'");
      if (m.length() > DETAIL_CHARS) {
        m = m.substring(0, DETAIL_CHARS) + "…";
      }
      out.append("- #").append(row).append(' ').append(kind).append(": `").append(m).append("`\n");
    }
    if (messages.size() > DETAILS_PER_KIND) {
      out.append("- #").append(row).append(' ').append(kind).append(": … and ")
          .append(messages.size() - DETAILS_PER_KIND).append(" more\n");
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
