package dev.bulwark.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.events.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * The rules and the dashboard without promtool: what they query, how they are annotated, and that
 * the rule unit tests cover every alert. (The promtool checks run in the {@code promtool}
 * profile, the check against real scrapes in each example app.)
 */
class AlertRulesTest {

  @Test
  void theFilesQueryExactlyTheseExportedMetrics() {
    assertThat(ObservabilityFiles.exportedNamesQueried())
        .as("a change here needs the meters table in README.md and the scrape contract to follow")
        .containsExactlyInAnyOrder(
            "http_server_requests_seconds_bucket",
            "http_server_requests_seconds_count",
            "bulwark_security_events_total",
            "bulwark_ratelimit_decisions_total",
            "bulwark_ratelimit_fallbacks_total",
            "bulwark_ratelimit_store_errors_total",
            "bulwark_ratelimit_store_latency_seconds_sum",
            "bulwark_ratelimit_store_latency_seconds_count",
            "bulwark_ratelimit_store_latency_seconds_max",
            "bulwark_ratelimit_store_breaker_open",
            "bulwark_ratelimit_store_available");
  }

  @Test
  void recordedNamesFollowTheLevelMetricOperationsConvention() {
    assertThat(ObservabilityFiles.recordedNames())
        .isNotEmpty()
        .allMatch(name -> name.matches("bulwark:[a-z0-9_]+:[a-z0-9_]+"), "level:metric:operations");
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndARunbookInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("../../README.md"));
    Set<String> anchors = headingAnchors(readme);
    Map<String, Map<String, Object>> alerts = ObservabilityFiles.alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
    alerts.forEach((name, rule) -> {
      @SuppressWarnings("unchecked")
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) rule.get("labels");
      assertThat(labels.get("severity")).as(name).isIn("critical", "warning");
      assertThat(annotations.get("summary")).as(name).isNotBlank();
      assertThat(annotations.get("description")).as(name).isNotBlank();
      String anchor = name.toLowerCase(Locale.ROOT);
      assertThat(annotations.get("runbook")).as(name).isEqualTo("README.md#" + anchor);
      assertThat(anchors).as("README.md has a heading for the runbook of " + name).contains(anchor);
    });
  }

  @Test
  void burnRateAlertsPairALongAndAShortWindowAgainstTheConfiguredObjective() {
    Map<String, Map<String, Object>> alerts = ObservabilityFiles.alerts();
    String fast = (String) alerts.get("BulwarkErrorBudgetBurnFast").get("expr");
    String slow = (String) alerts.get("BulwarkErrorBudgetBurnSlow").get("expr");
    assertThat(fast).contains("error_ratio_rate1h").contains("error_ratio_rate5m").contains("14.4 * (1 - bulwark:slo_availability:objective)");
    assertThat(slow).contains("error_ratio_rate6h").contains("error_ratio_rate30m").contains("6 * (1 - bulwark:slo_availability:objective)");
    assertThat(ObservabilityFiles.rules())
        .filteredOn(rule -> "bulwark:slo_availability:objective".equals(rule.get("record")))
        .singleElement()
        .satisfies(rule -> assertThat(rule.get("expr")).isEqualTo("vector(0.999)"));
  }

  @Test
  void everyEventTheFilesSelectIsOneBulwarkCounts() {
    Set<String> tags = Arrays.stream(SecurityEvent.values()).map(SecurityEvent::tag).collect(Collectors.toSet());
    Set<String> selected = new HashSet<>();
    Pattern matcher = Pattern.compile("event=~?\"([^\"]+)\"");
    for (Map<String, Object> rule : ObservabilityFiles.rules()) {
      collect(matcher, String.valueOf(rule.get("expr")), selected);
    }
    ObservabilityFiles.dashboardQueries().forEach(query -> collect(matcher, query, selected));
    assertThat(selected)
        .contains("rate_limited", "authorization_denied", "invalid_input", "csp_violation", "cross_site_blocked", "store_fallback");
    assertThat(tags).containsAll(selected);
  }

  @Test
  void theRuleUnitTestsMakeEveryAlertFire() {
    Map<String, Object> file =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(ObservabilityFiles.read("observability/prometheus/bulwark-alerts.test.yml"));
    Set<String> fired = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (Object test : (List<?>) file.get("tests")) {
      for (Object check : (List<?>) ((Map<?, ?>) test).get("alert_rule_test")) {
        Map<?, ?> alertTest = (Map<?, ?>) check;
        ((List<?>) alertTest.get("exp_alerts")).forEach(expected -> fired.add((String) alertTest.get("alertname")));
        if (((List<?>) alertTest.get("exp_alerts")).isEmpty()) {
          silent.add((String) alertTest.get("alertname"));
        }
      }
    }
    assertThat(fired).containsAll(ObservabilityFiles.alerts().keySet());
    assertThat(silent).as("cases where they must stay silent").contains("BulwarkErrorBudgetBurnFast", "BulwarkErrorBudgetBurnSlow");
  }

  @Test
  void dashboardPanelsHaveUniqueIdsAndUseTheDatasourceVariable() {
    JsonNode dashboard = ObservabilityFiles.dashboard();
    Set<Integer> ids = new HashSet<>();
    int panels = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s", panel.path("id")).isTrue();
      if (!"row".equals(panel.path("type").asString())) {
        panels++;
        assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).isNotEmpty();
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(12);
    assertThat(ObservabilityFiles.dashboardQueries()).allMatch(query -> query.contains("job=~\"$job\""), "filtered by the job variable");
  }

  @Test
  void theMetricNameFinderSkipsFunctionsLabelsKeywordsAndNumbers() {
    assertThat(PromQl.metricNames(
            "histogram_quantile(0.99, sum by (job, uri, le) (rate(http_server_requests_seconds_bucket{uri!~\"/metrics|/x\"}[5m])))"))
        .containsExactly("http_server_requests_seconds_bucket");
    assertThat(PromQl.metricNames("a:b:rate1h > on () group_left () (14.4 * (1 - x:objective)) and a:b:rate5m > 1e3"))
        .containsExactlyInAnyOrder("a:b:rate1h", "x:objective", "a:b:rate5m");
    assertThat(PromQl.metricNames("sum(increase(events_total{job=~\"$job\"}[$__range] offset 1h)) without (instance) > bool 0"))
        .containsExactly("events_total");
    assertThat(PromQl.metricNames("max by (store) (breaker_open) == 1 unless ignoring (x) up")).containsExactly("breaker_open", "up");
    assertThat(PromQl.variableQueryMetricNames("label_values(bulwark_security_events_total{a=\"b\"}, job)"))
        .containsExactly("bulwark_security_events_total");
  }

  @Test
  void sampleNamesAreReadFromTheExposition() {
    String exposition =
        "# HELP x_total help\n# TYPE x_total counter\nx_total{event=\"a\"} 1.0\nup 1\nh_bucket{le=\"+Inf\"} 2\n";
    assertThat(ObservabilityFiles.sampleNames(exposition)).containsExactlyInAnyOrder("x_total", "up", "h_bucket");
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      into.addAll(Arrays.asList(matcher.group(1).split("\\|")));
    }
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
        anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
