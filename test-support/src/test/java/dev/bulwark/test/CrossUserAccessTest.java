package dev.bulwark.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The helper against {@link TinyNotesApp} over real HTTP: the correct endpoints pass, every
 * deliberately leaky one fails with a row that names it, and a check that cannot prove anything
 * fails instead of passing.
 */
class CrossUserAccessTest {

  private static TinyNotesApp app;

  @BeforeAll
  static void start() throws Exception {
    app = new TinyNotesApp();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static UnaryOperator<HttpRequest.Builder> as(String user) {
    return Credentials.basic(user, TinyNotesApp.password(user));
  }

  /** The correct endpoints with bob as a plain user and admin as a reader; tests add leaky ones. */
  private static CrossUserAccess correct() {
    return CrossUserAccess.at(app.base())
        .owner("alice", as("alice"))
        .intruder("bob", as("bob"), Allowed.CREATE)
        .intruder("admin", as("admin"), Allowed.READ, Allowed.LIST)
        .create("/notes", "{\"title\":\"{marker}\"}")
        .read("/notes/{id}")
        .change("/notes/{id}", "{\"title\":\"{marker}\"}")
        .delete("/notes/{id}")
        .list("/notes");
  }

  private static String failure(CrossUserAccess check) {
    return catchThrowableOfType(AssertionError.class, check::verify).getMessage();
  }

  /** The table rows (after the heading and the rule) of a failure message. */
  private static List<String> rows(String message) {
    List<String> lines = Arrays.asList(message.split("\n"));
    int rule = lines.indexOf(lines.stream().filter(line -> line.startsWith("--------")).findFirst().orElseThrow());
    return lines.subList(rule + 1, lines.size()).stream().takeWhile(line -> !line.isBlank()).toList();
  }

  @Test
  void aCorrectAppPassesEveryCheckAndTheHelperCleansUp() {
    AccessReport report = correct().intruder("editor", as("editor"), Allowed.values()).anonymous().hidesExistence().verify();

    assertThat(report.passed()).isTrue();
    assertThat(report.marker()).matches("bwmark[0-9a-f]{20}");
    assertThat(report.checks())
        .extracting(check -> check.user() + " " + check.action() + " " + check.method() + " " + check.status())
        .contains(
            "alice (owner) CREATE POST 201", "alice (owner) LIST GET 200", "alice (owner) CHANGE PUT 200",
            "alice (owner) DELETE DELETE 204",
            "bob READ GET 404", "bob LIST GET 200", "bob CHANGE PUT 404", "bob DELETE DELETE 404",
            "admin READ GET 200", "admin LIST GET 200", "admin CHANGE PUT 403", "admin DELETE DELETE 403",
            "admin CREATE POST 403",
            "editor CHANGE PUT 200", "editor DELETE DELETE 204",
            "(anonymous) READ GET 401", "(anonymous) CREATE POST 401");
    assertThat(report.checks()).noneMatch(check -> check.user().equals("bob") && check.action().equals("CREATE"));
    assertThat(report.toString()).contains("0 failed").containsPattern("\nbob +READ +GET +/notes/[0-9]+ +404 +ok\n");
    assertThat(app.notesOf("alice")).as("every object the owner created is deleted again").isZero();
  }

  @Test
  void anEndpointThatReadsAnyonesObjectIsCaught() {
    String message = failure(correct().read("/export/notes/{id}"));

    assertThat(rows(message)).singleElement().satisfies(row -> assertThat(row)
        .startsWith("bob ").contains("READ", "GET", "/export/notes/", "200")
        .contains("read it (200 instead of a refusal); marker in body"));
    assertThat(message).startsWith("Cross-user access: 1 of ").contains("owner alice, marker bwmark");
  }

  @Test
  void aMarkerInARefusalsBodyIsCaughtForEveryIntruder() {
    String message = failure(correct().change("/v1/notes/{id}", "{\"title\":\"{marker}\"}"));

    assertThat(rows(message)).hasSize(2).allSatisfy(row -> assertThat(row)
        .contains("CHANGE", "PUT", "/v1/notes/", "403", "marker in body"));
    assertThat(rows(message).get(0)).startsWith("bob ");
    assertThat(rows(message).get(1)).startsWith("admin ");
  }

  @Test
  void aListThatShowsOtherUsersObjectsIsCaught() {
    String message = failure(correct().list("/all-notes"));

    assertThat(rows(message)).singleElement().satisfies(row -> assertThat(row)
        .startsWith("bob ").contains("LIST", "GET", "/all-notes", "200", "the owner's object is in the list"));
  }

  @Test
  void theFailureTableHasFixedWidthColumns() {
    String message = failure(correct().read("/export/notes/{id}").change("/v1/notes/{id}", "{\"title\":\"{marker}\"}").list("/all-notes"));

    List<String> lines = Arrays.asList(message.split("\n"));
    String heading = lines.stream().filter(line -> line.startsWith("intruder")).findFirst().orElseThrow();
    List<String> rows = rows(message);
    assertThat(rows).hasSize(4);
    int path = heading.indexOf("path");
    int status = heading.indexOf("status");
    int leak = heading.indexOf("leak");
    assertThat(heading).startsWith("intruder  action  method  path");
    for (String row : rows) {
      assertThat(row.charAt(path - 1)).isEqualTo(' ');
      assertThat(row.charAt(path)).isEqualTo('/');
      assertThat(row.substring(status, status + 3)).matches("[0-9]{3}");
      assertThat(row.charAt(leak - 1)).isEqualTo(' ');
      assertThat(row.charAt(leak)).isNotEqualTo(' ');
    }
    assertThat(message).contains("A refusal is 401, 403 or 404.");
  }

  @Test
  void writesThatAreCarriedOutAndThenAnsweredWith404AreCaught() {
    String message =
        failure(correct().change("/sloppy/notes/{id}", "{\"title\":\"{marker}\"}").delete("/sloppy/notes/{id}"));

    assertThat(rows(message)).filteredOn(row -> row.contains("/sloppy/notes/") && row.contains("CHANGE"))
        .hasSize(2).allSatisfy(row -> assertThat(row).contains("404", "the owner's object was changed"));
    assertThat(rows(message)).filteredOn(row -> row.contains("/sloppy/notes/") && row.contains("DELETE"))
        .hasSize(2).allSatisfy(row -> assertThat(row).contains("404", "the owner's object is gone afterwards"));
  }

  @Test
  void refusalsThatTellTheObjectExistsAreCaughtWhenExistenceMustBeHidden() {
    CrossUserAccess check = correct().read("/tell/notes/{id}");
    assertThat(check.verify().passed()).as("403 is a refusal: without hidesExistence() it passes").isTrue();

    String message = failure(check.hidesExistence());

    assertThat(rows(message)).singleElement().satisfies(row -> assertThat(row)
        .startsWith("bob ").contains("/tell/notes/", "403", "tells it exists: 403 where an unknown id gets 404"));
  }

  @Test
  void bodiesAreComparedOnlyModuloTheIgnoredPerRequestMembers() {
    String message = failure(correct().hidesExistence().ignoringFields());

    assertThat(rows(message)).hasSize(3).allSatisfy(row -> assertThat(row)
        .startsWith("bob ").contains("404", "tells it exists: the body differs from an unknown id's"));
  }

  @Test
  void aServerErrorIsNotARefusal() {
    String message = failure(correct().read("/crash/notes/{id}"));

    assertThat(rows(message)).singleElement().satisfies(row -> assertThat(row)
        .startsWith("bob ").contains("500", "answered 500, not a refusal (401, 403, 404)"));
  }

  @Test
  void declaredPermissionsAreCheckedBothWays() {
    List<String> rows =
        rows(failure(CrossUserAccess.at(app.base())
            .owner("alice", as("alice"))
            .intruder("bob", as("bob"), Allowed.READ, Allowed.LIST)
            .intruder("admin", as("admin"))
            .create("/notes", "{\"title\":\"{marker}\"}")
            .read("/notes/{id}")
            .list("/notes")));

    assertThat(rows).hasSize(5);
    assertRow(rows, "bob", "READ", "allowed READ but answered 404");
    assertRow(rows, "bob", "LIST", "allowed LIST but the owner's object is not in the list");
    assertRow(rows, "bob", "CREATE", "created an object (201 instead of a refusal)");
    assertRow(rows, "admin", "READ", "read it (200 instead of a refusal); marker in body");
    assertRow(rows, "admin", "LIST", "the owner's object is in the list (marker in body)");
  }

  private static void assertRow(List<String> rows, String user, String action, String problem) {
    assertThat(rows).as("a row for %s %s", user, action)
        .anyMatch(row -> row.startsWith(user + " ") && row.contains(" " + action + " ") && row.endsWith(problem));
  }

  @Test
  void theIdCanComeFromAJsonMember() {
    CrossUserAccess check = correct().create(Endpoint.post("/notes", "{\"title\":\"{marker}\"}"), CreatedId.jsonField("id"));
    assertThat(check.verify().passed()).isTrue();

    assertThat(failure(check.create(Endpoint.post("/notes", "{\"title\":\"{marker}\"}"), CreatedId.jsonField("noteId"))))
        .contains("alice (owner)", "CREATE", "201", "setup: no id in the create answer");
  }

  @Test
  void anIntruderWhoseCredentialsFailProvesNothingAndFails() {
    String message =
        failure(CrossUserAccess.at(app.base())
            .owner("alice", as("alice"))
            .intruder("bob", Credentials.basic("bob", "wrong"), Allowed.CREATE)
            .create("/notes", "{\"title\":\"{marker}\"}")
            .read("/notes/{id}")
            .delete("/notes/{id}"));

    assertThat(rows(message)).singleElement().satisfies(row -> assertThat(row)
        .startsWith("bob ").contains("401", "every answer was 401: the credentials were never accepted"));
  }

  @Test
  void endpointsThatDoNotWorkForTheOwnerFailInsteadOfPassingAsRefused() {
    assertThat(failure(correct().read("/note/{id}")))
        .contains("alice (owner)", "/note/", "setup: the owner's own read answered 404, so refusals here prove nothing");
    assertThat(failure(correct().list("/empty-list")))
        .contains("alice (owner)", "/empty-list", "setup: the owner's own list does not show the object");
    assertThat(failure(correct().change("/notes/{id}/title", "{\"title\":\"{marker}\"}")))
        .contains("alice (owner)", "setup: the owner's own change answered 404 (check the path and body)");
    assertThat(failure(correct().delete("/notes/{id}/x")))
        .contains("alice (owner)", "setup: the owner's own delete answered 404");
    assertThat(failure(correct().create("/no-such-collection", "{\"title\":\"{marker}\"}")))
        .contains("alice (owner)", "CREATE", "setup: the owner's own create answered 404");
    assertThat(failure(correct().owner("alice", Credentials.basic("alice", "wrong"))))
        .contains("setup: the owner's own create answered 401");
  }

  @Test
  void anIncompleteCheckIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> CrossUserAccess.at(app.base()).create("/notes", "{\"title\":\"fixed\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{marker}");
    assertThatThrownBy(() -> CrossUserAccess.at(app.base()).read("/notes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{id}");
    assertThatThrownBy(() -> correct().intruder("alice", as("alice")).verify())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a name of its own");
    assertThatThrownBy(() -> CrossUserAccess.at(app.base()).owner("alice", as("alice")).verify())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("intruder");
    assertThatThrownBy(() -> CrossUserAccess.at(app.base()).owner("alice", as("alice")).intruder("bob", as("bob"))
            .create("/notes", "{\"title\":\"{marker}\"}").read("/notes/{id}").hidesExistence().verify())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("delete endpoint");
  }
}
