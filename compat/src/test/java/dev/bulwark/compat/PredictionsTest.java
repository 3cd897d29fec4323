package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PredictionsTest {

  private static PageResult row(String url, int status, List<String> csp, List<String> failed) {
    return new PageResult(Action.visit(url), "http://localhost:4000" + url, status, List.of(), csp, failed, "", "",
        Optional.empty());
  }

  @Test
  void routesFoldAsBulwarkFoldsThem() {
    assertThat(Predictions.Routes.template("/owners/12/pets/3/edit")).isEqualTo("/owners/{id}/pets/{id}/edit");
    assertThat(Predictions.Routes.template("/owners/1;jsessionid=3FB6E415C9633B2DBCE1A824B0F7CE6D"))
        .isEqualTo("/owners/{id}");
    assertThat(Predictions.Routes.template("/vets.html")).isEqualTo("/vets.html");
    assertThat(Predictions.path("http://localhost:1/owners?lastName=x#a")).isEqualTo("/owners");
  }

  @Test
  void blockedSourcesFoldToInlineSchemeOrOrigin() {
    assertThat(Predictions.blocked("inline")).isEqualTo("inline");
    assertThat(Predictions.blocked("data")).isEqualTo("data");
    assertThat(Predictions.blocked("data:image/svg+xml;charset=utf-8,<svg")).isEqualTo("data");
    assertThat(Predictions.blocked("https://cdn.example.net/x.js")).isEqualTo("https://cdn.example.net");
  }

  @Test
  void seenKeysComeFromViolationsOfTheDispositionAndFromNewFailures() {
    List<PageResult> reference = List.of(row("/a", 200, List.of(), List.of("404 http://localhost:3999/favicon.ico")));
    List<PageResult> rows = List.of(row("/a", 200,
        List.of("enforce style-src-attr inline http://localhost:4000/a:3", "report img-src data :0"),
        List.of("404 http://localhost:4000/favicon.ico", "429 http://localhost:4000/api/x", "blocked:csp data:x")));
    assertThat(Predictions.seen(rows, reference, "enforce"))
        .containsExactly("csp style-src-attr inline /a", "refusal 429 /api/x");
    assertThat(Predictions.seen(rows, reference, "report")).containsExactly("csp img-src data /a", "refusal 429 /api/x");
  }

  @Test
  void aConsoleOnlyViolationMatchesItsDirectiveFamily() {
    Set<String> predicted = Set.of("csp style-src-attr inline /a", "csp img-src data /b");
    Set<String> seen = Set.of("csp? style-src /a");
    Predictions.Comparison c = Predictions.compare(predicted, seen);
    assertThat(c.predictedAndSeen()).containsExactly("csp? style-src /a");
    assertThat(c.seenNotPredicted()).isEmpty();
    assertThat(c.predictedNotSeen()).containsExactly("csp img-src data /b");
  }

  @Test
  void predictedKeysComeFromTheAdoptionReport() {
    Map<String, Object> adoption = Map.of(
        "cspViolations", List.of(Map.of("directive", "img-src", "blocked", "data", "page", "/b")),
        "refusals", List.of(Map.of("protection", "cross-site", "status", 403L, "route", "/owners/{id}/edit")));
    assertThat(Predictions.predicted(adoption))
        .containsExactly("csp img-src data /b", "refusal 403 /owners/{id}/edit");
  }
}
