package dev.bulwark.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool on the files as they are in the repository: {@code check rules}, {@code test rules}
 * with {@code bulwark-alerts.test.yml}, {@code check config}, and every dashboard query checked
 * as PromQL. Runs in the {@code promtool} Maven profile only ({@code -Ppromtool}, which sets
 * {@code bulwark.promtool}); there a missing promtool fails the build instead of skipping.
 */
@EnabledIfSystemProperty(named = "bulwark.promtool", matches = ".+")
class PromtoolTest {

  private static final Path PROMETHEUS = Path.of("prometheus");

  @BeforeAll
  static void promtoolIsInstalled() {
    Result version;
    try {
      version = run(List.of(promtool(), "--version"), Path.of("."));
    } catch (IOException e) {
      fail("promtool ('" + promtool() + "') cannot be run: install it (Debian/Ubuntu: apt-get install prometheus),"
          + " pass -Dpromtool.executable=/path/to/promtool, or build without -Ppromtool. " + e.getMessage());
      return;
    }
    assertThat(version.exit()).as(version.output()).isZero();
  }

  @Test
  void rulesPassCheckRules() throws Exception {
    Result result = run(List.of(promtool(), "check", "rules", "bulwark-alerts.yml"), PROMETHEUS);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    Result result = run(List.of(promtool(), "test", "rules", "bulwark-alerts.test.yml"), PROMETHEUS);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void sampleScrapeConfigPassesCheckConfig() throws Exception {
    Result result = run(List.of(promtool(), "check", "config", "prometheus.yml"), PROMETHEUS);
    assertThat(result.exit()).as(result.output()).isZero();
  }

  /** Grafana's variables replaced by values, every query becomes a recording rule to check. */
  @Test
  void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
    List<String> queries = ObservabilityFiles.dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      String query =
          queries.get(i).replace("$__rate_interval", "5m").replace("$__range", "6h").replace("$job", ".+");
      lines.add("      - record: dashboard:query" + i + ":check");
      lines.add("        expr: |");
      query.lines().forEach(line -> lines.add("          " + line));
    }
    Path rules = dir.resolve("dashboard-queries.yml");
    Files.write(rules, lines, StandardCharsets.UTF_8);
    Result result = run(List.of(promtool(), "check", "rules", rules.toString()), dir);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains(queries.size() + " rules found");
  }

  private static String promtool() {
    return System.getProperty("bulwark.promtool");
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Path directory) throws IOException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    // promtool prints little; reading to the end also waits for it to exit.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Result(process.exitValue(), output);
  }
}
