package dev.bulwark.examples.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert rules and the dashboard as this module's test-jar carries them (copied from {@code
 * prometheus/} and {@code grafana/}), read for the checks: which metrics they query, which names
 * the rules record.
 */
public final class ObservabilityFiles {

  /** Class-path location of the rules. */
  public static final String RULES = "observability/prometheus/bulwark-alerts.yml";

  /** Class-path location of the dashboard. */
  public static final String DASHBOARD = "observability/grafana/bulwark-dashboard.json";

  private ObservabilityFiles() {}

  /** Every rule of every group, in file order, as parsed YAML maps. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> rules() {
    Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(RULES));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  /** The alerting rules by name. */
  public static Map<String, Map<String, Object>> alerts() {
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
    for (Map<String, Object> rule : rules()) {
      if (rule.containsKey("alert")) {
        alerts.put((String) rule.get("alert"), rule);
      }
    }
    return alerts;
  }

  /** The names the recording rules define. */
  public static Set<String> recordedNames() {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : rules()) {
      if (rule.containsKey("record")) {
        names.add((String) rule.get("record"));
      }
    }
    return names;
  }

  /** The dashboard, parsed. */
  public static JsonNode dashboard() {
    return JsonMapper.builder().build().readTree(read(DASHBOARD));
  }

  /** Every panel query of the dashboard, rows' nested panels included. */
  public static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard().path("panels"), queries);
    return queries;
  }

  private static void collectQueries(JsonNode panels, List<String> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          queries.add(target.get("expr").asString());
        }
      }
      collectQueries(panel.path("panels"), queries);
    }
  }

  /** The queries of the dashboard's query variables. */
  public static List<String> dashboardVariableQueries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString())) {
        JsonNode query = variable.path("query");
        queries.add(query.isObject() ? query.path("query").asString() : query.asString());
      }
    }
    return queries;
  }

  /**
   * The metric names the rules and the dashboard query that the application itself must export:
   * every name selected, less the names the recording rules define.
   */
  public static Set<String> exportedNamesQueried() {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : rules()) {
      names.addAll(PromQl.metricNames(String.valueOf(rule.get("expr"))));
    }
    for (String query : dashboardQueries()) {
      names.addAll(PromQl.metricNames(query));
    }
    for (String query : dashboardVariableQueries()) {
      names.addAll(PromQl.variableQueryMetricNames(query));
    }
    names.removeAll(recordedNames());
    return names;
  }

  /** The sample names of a Prometheus text exposition (comments skipped). */
  public static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  static String read(String resource) {
    try (InputStream in = ObservabilityFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
