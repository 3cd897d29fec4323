package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static PageResult row(Action action, int status, int console, int csp, Double diff) {
    return new PageResult(action, "http://h" + action.url(), status, java.util.Collections.nCopies(console, "boom"),
        java.util.Collections.nCopies(csp, "enforce script-src-elem inline /:3"), List.of(), "", "01.png",
        Optional.ofNullable(diff));
  }

  @Test
  void aTableRowPerActionWithTotals() {
    Report.VariantRun run = new Report.VariantRun(Variant.parse("default", java.nio.file.Path.of("v")), Optional.empty(),
        3.2, List.of(row(Action.visit("/"), 200, 0, 2, 0.5), row(Action.submit("/owners/new", 0, "POST /owners/new"), 500, 1, 0, 12.0)));
    String md = Report.variantMarkdown("petclinic", run, "bare");
    assertThat(md).contains("| 1 | GET / | 200 | 0 | 2 | 0 | 0.50 % |")
        .contains("| 2 | submit form #0 (POST /owners/new) on /owners/new | 500 | 1 | 0 | 0 | 12.00 % |")
        .contains("Totals: 1 console errors, 2 CSP violations (+ 0 report-only), 0 failed requests; 1 rows with status"
            + " 4xx/5xx; 1 rows differ from bare by more than 1 % of pixels.")
        .contains("- #1 CSP: `enforce script-src-elem inline /:3`");
    assertThat(Report.summaryMarkdown("petclinic", List.of(run), "bare"))
        .contains("| `default` | starter, no properties | 2 | 1 | 1 | 2 | 0 | 0 | 1 |");
  }

  @Test
  void aVariantThatDidNotStartSaysWhy() {
    Report.VariantRun run = new Report.VariantRun(Variant.bare(), Optional.of("the application exited (1)\nlog"), 0, List.of());
    assertThat(Report.variantMarkdown("a", run, "bare")).contains("Did not run").contains("log");
    assertThat(Report.summaryMarkdown("a", List.of(run), "bare")).contains("did not run: the application exited (1) |");
  }

  @Test
  void reportOnlyViolationsHaveTheirOwnCount() {
    PageResult row = new PageResult(Action.visit("/"), "http://h/", 200, List.of(),
        List.of("report style-src-attr inline http://h/:26", "enforce img-src data :0"), List.of(), "", "01.png",
        Optional.empty());
    Report.VariantRun run = new Report.VariantRun(Variant.parse("observe", java.nio.file.Path.of("v")), Optional.empty(),
        1, List.of(row));
    assertThat(Report.variantMarkdown("a", run, "bare")).contains("| 1 | GET / | 200 | 0 | 1 (+1 report-only) | 0 | — |");
    assertThat(Report.summaryMarkdown("a", List.of(run), "bare")).contains("| 1 | 0 | 0 | 1 | 1 | 0 | 0 |");
  }

  @Test
  void theObserveReportIsComparedWithEveryVariantWithBulwark() {
    PageResult bare = new PageResult(Action.visit("/owners/1"), "http://h:1/owners/1", 200, List.of(), List.of(),
        List.of(), "", "01.png", Optional.empty());
    PageResult observed = new PageResult(Action.visit("/owners/1"), "http://h:2/owners/1", 200, List.of(),
        List.of("report script-src-elem inline http://h:2/owners/1:133"), List.of(), "", "01.png", Optional.empty());
    PageResult enforced = new PageResult(Action.visit("/owners/1"), "http://h:3/owners/1", 403, List.of(),
        List.of("enforce script-src-elem inline http://h:3/owners/1:133", "enforce img-src data :0"), List.of(), "",
        "01.png", Optional.empty());
    Map<String, Object> adoption = Map.of("cspViolations",
        List.of(Map.of("directive", "script-src-elem", "blocked", "inline", "page", "/owners/{id}", "count", 1)),
        "refusals", List.of());
    List<Report.VariantRun> runs = List.of(
        new Report.VariantRun(Variant.bare(), Optional.empty(), 1, List.of(bare)),
        new Report.VariantRun(Variant.parse("observe", java.nio.file.Path.of("v")), Optional.empty(), 1,
            List.of(observed), Optional.of(adoption), Optional.empty(), "read"),
        new Report.VariantRun(Variant.parse("default", java.nio.file.Path.of("v")), Optional.empty(), 1,
            List.of(enforced)));
    Map<String, Predictions.Comparison> c = Report.comparisons(runs);
    assertThat(c.get("observe").predictedAndSeen()).containsExactly("csp script-src-elem inline /owners/{id}");
    assertThat(c.get("observe").seenNotPredicted()).isEmpty();
    assertThat(c.get("default").predictedAndSeen()).containsExactly("csp script-src-elem inline /owners/{id}");
    assertThat(c.get("default").seenNotPredicted()).containsExactly("csp img-src data /owners/{id}",
        "refusal 403 /owners/{id}");
    assertThat(Report.predictionsMarkdown("a", runs)).contains("| `default` | 1 | 2 | 0 |");
  }

  @Test
  void cellsCannotBreakTheTable() {
    assertThat(Report.cell("a|b\nc")).isEqualTo("a\\|b c");
  }
}
