package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        .contains("Totals: 1 console errors, 2 CSP violations, 0 failed requests; 1 rows with status 4xx/5xx; "
            + "1 rows differ from bare by more than 1 % of pixels.")
        .contains("- #1 CSP: `enforce script-src-elem inline /:3`");
    assertThat(Report.summaryMarkdown("petclinic", List.of(run), "bare"))
        .contains("| `default` | starter, no properties | 2 | 1 | 1 | 2 | 0 | 1 |");
  }

  @Test
  void aVariantThatDidNotStartSaysWhy() {
    Report.VariantRun run = new Report.VariantRun(Variant.bare(), Optional.of("the application exited (1)\nlog"), 0, List.of());
    assertThat(Report.variantMarkdown("a", run, "bare")).contains("Did not run").contains("log");
    assertThat(Report.summaryMarkdown("a", List.of(run), "bare")).contains("did not run: the application exited (1) |");
  }

  @Test
  void cellsCannotBreakTheTable() {
    assertThat(Report.cell("a|b\nc")).isEqualTo("a\\|b c");
  }
}
