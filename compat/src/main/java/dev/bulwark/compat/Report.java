package dev.bulwark.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Markdown and JSON renderings of the walk: one table per variant, and a summary across variants. */
final class Report {

  /** One variant's run: its rows, or why it produced none. */
  record VariantRun(Variant variant, Optional<String> failure, double startSeconds, List<PageResult> rows) {
    VariantRun {
      rows = List.copyOf(rows);
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
          .append(r.consoleErrors().size()).append(" | ").append(r.cspViolations().size()).append(" | ")
          .append(r.failedRequests().size()).append(" | ")
          .append(r.diffPercent().map(Report::percent).orElse("—")).append(" |\n");
    }
    md.append(String.format(Locale.ROOT,
        "%nTotals: %d console errors, %d CSP violations, %d failed requests; %d rows with status 4xx/5xx; "
            + "%d rows differ from %s by more than 1 %% of pixels.%n",
        run.count(r -> r.consoleErrors().size()), run.count(r -> r.cspViolations().size()),
        run.count(r -> r.failedRequests().size()), run.count(r -> r.status() >= 400 ? 1 : 0),
        run.count(r -> r.diffPercent().orElse(0.0) > 1.0 ? 1 : 0), reference));
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
    md.append("| Variant | Bulwark | Rows | Status 4xx/5xx | Console errors | CSP violations | Failed requests | Rows > 1 % pixels vs ")
        .append(reference).append(" |\n|---|---|---|---|---|---|---|---|\n");
    for (VariantRun run : runs) {
      md.append("| `").append(run.variant().name()).append("` | ").append(cell(run.variant().describe())).append(" | ");
      if (run.failure().isPresent()) {
        md.append("did not run: ").append(cell(firstLine(run.failure().get()))).append(" | | | | | |\n");
        continue;
      }
      md.append(run.rows().size()).append(" | ").append(run.count(r -> r.status() >= 400 ? 1 : 0)).append(" | ")
          .append(run.count(r -> r.consoleErrors().size())).append(" | ")
          .append(run.count(r -> r.cspViolations().size())).append(" | ")
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
      return v;
    }).toList());
    return json;
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
