package dev.bulwark.examples.observability;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an example app must export for the alert rules and the dashboard, checked against its real
 * scrape output over HTTP. Each app's test implements this, runs the app with {@code
 * bulwark.client-ip.trusted-proxies=127.0.0.1/32} (so tests can act as distinct clients through
 * {@code X-Forwarded-For}) and says where it listens and where it is scraped.
 */
public interface ScrapeContract {

  /** A sample line: name, labels, value. */
  Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)} (\\S+)");

  /** Returns the URI of a path on the running app. */
  URI uri(String path);

  /** The path of the app's Prometheus endpoint. */
  String scrapePath();

  @Test
  default void everyMetricTheRulesAndTheDashboardQueryIsExportedAndTheEventsAreCounted() throws Exception {
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).statusCode()).isEqualTo(200);
    HttpResponse<String> invalid =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"\"}", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(invalid.statusCode()).isEqualTo(422);
    HttpResponse<String> crossSite =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"x\"}", "Authorization", basic("alice"), "Content-Type", "application/json",
            "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    String report = "{\"csp-report\":{\"effective-directive\":\"script-src-elem\",\"blocked-uri\":\"https://evil.example/x.js\"}}";
    HttpResponse<String> csp =
        Http.send("POST", uri("/bulwark/csp-report"), report, "Content-Type", "application/csp-report", "Sec-Fetch-Site", "same-origin");
    assertThat(csp.statusCode()).isEqualTo(204);
    // The penalty box: ten wrong passwords from one client, then 429.
    int status = 0;
    for (int i = 0; i < 12 && status != 429; i++) {
      status = Http.get(uri("/api/notes"), "Authorization", basic("mallory", "guess"), "X-Forwarded-For", "203.0.113.77").statusCode();
    }
    assertThat(status).isEqualTo(429);

    String scrape = scrape();
    assertThat(ObservabilityFiles.sampleNames(scrape))
        .as("every metric the alert rules and the dashboard query")
        .containsAll(ObservabilityFiles.exportedNamesQueried());
    for (String event : new String[] {"rate_limited", "invalid_input", "cross_site_blocked", "csp_violation"}) {
      assertThat(sum(scrape, "bulwark_security_events_total", "event=\"" + event + "\"")).as(event).isPositive();
    }
    assertThat(sum(scrape, "bulwark_security_events_total", "event=\"authorization_denied\""))
        .as("registered at start-up, before any denial")
        .isZero();
    assertThat(sum(scrape, "http_server_requests_seconds_count", "status=\"429\"")).as("429s are in the RED metrics").isPositive();
    assertThat(sum(scrape, "http_server_requests_seconds_count", "status=\"422\"")).isPositive();
  }

  @Test
  default void theScrapeIsRefusedToClientsOutsideTheTrustedRanges() throws Exception {
    HttpResponse<String> outsider = Http.get(uri(scrapePath()), "X-Forwarded-For", "203.0.113.9");
    assertThat(outsider.statusCode()).isIn(401, 403);
    assertThat(outsider.body()).doesNotContain("jvm_").doesNotContain("bulwark_");
  }

  @Test
  default void randomPathsKeepTheRouteSeriesBounded() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 500; i++) {
      String client = "198.18." + (i / 200) + "." + (i % 200 + 1);
      String path = "/" + token + "-" + i + "/x" + i;
      HttpResponse<String> response =
          i % 2 == 0
              ? Http.get(uri(path), "X-Forwarded-For", client, "Authorization", basic("alice"))
              : Http.get(uri(path), "X-Forwarded-For", client);
      assertThat(response.statusCode()).as(path).isIn(401, 404);
    }
    String scrape = scrape();
    assertThat(scrape).doesNotContain(token);
    Set<String> uris = new TreeSet<>();
    int series = 0;
    Matcher matcher = SAMPLE.matcher(scrape);
    while (matcher.find()) {
      if (matcher.group(1).equals("http_server_requests_seconds_count")) {
        series++;
        Matcher uri = Pattern.compile("uri=\"([^\"]*)\"").matcher(matcher.group(2));
        if (uri.find()) {
          uris.add(uri.group(1));
        }
      }
    }
    assertThat(uris).as("route templates, not 500 paths").hasSizeLessThanOrEqualTo(15);
    assertThat(series).as("http_server_requests series").isLessThanOrEqualTo(60);
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = Http.get(uri(scrapePath()));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** Sums the samples of a metric whose labels contain a matcher, such as {@code status="429"}. */
  private static double sum(String scrape, String metric, String label) {
    double total = 0;
    Matcher matcher = SAMPLE.matcher(scrape);
    while (matcher.find()) {
      if (matcher.group(1).equals(metric) && ("," + matcher.group(2) + ",").contains("," + label + ",")) {
        total += Double.parseDouble(matcher.group(3));
      }
    }
    return total;
  }
}
