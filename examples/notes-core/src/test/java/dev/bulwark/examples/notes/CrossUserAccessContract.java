package dev.bulwark.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.AccessReport;
import dev.bulwark.test.Allowed;
import dev.bulwark.test.CrossUserAccess;
import dev.bulwark.test.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code NotePolicy} over real HTTP, proved with Bulwark's test helper on every notes endpoint: the
 * JSON API and the page. Each user sees and changes only their own notes; {@code admin} reads and
 * lists every note but changes, deletes and creates none (403); someone else's note answers 404
 * exactly like a note that does not exist. Each app's test extends this and says where it listens.
 */
public abstract class CrossUserAccessContract {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  private static UnaryOperator<HttpRequest.Builder> as(String user) {
    return Credentials.basic(user, DemoUsers.DEFAULT_PASSWORDS.get(user));
  }

  /** Every notes endpoint, attacked by the other user (who may write notes of their own) and by admin. */
  private CrossUserAccess notesOf(String owner, String other) {
    return CrossUserAccess.at(uri("/"))
        .owner(owner, as(owner))
        .intruder(other, as(other), Allowed.CREATE)
        .intruder("admin", as("admin"), Allowed.READ, Allowed.LIST)
        .create("/api/notes", "{\"title\":\"{marker}\",\"body\":\"only for " + owner + "\"}")
        .read("/api/notes/{id}")
        .change("/api/notes/{id}", "{\"title\":\"{marker}\",\"body\":\"overwritten\"}")
        .delete("/api/notes/{id}")
        .list("/api/notes")
        .list("/")
        .hidesExistence();
  }

  @Test
  void bobCannotReadChangeDeleteOrListAlicesNotesAndAdminOnlyReadsThem() {
    AccessReport report = notesOf("alice", "bob").anonymous().verify();

    assertThat(report.checks())
        .extracting(check -> check.user() + " " + check.action() + " " + check.method() + " " + check.status())
        .contains(
            "bob READ GET 404", "bob LIST GET 200", "bob CHANGE PUT 404", "bob DELETE DELETE 404",
            "admin READ GET 200", "admin LIST GET 200", "admin CHANGE PUT 403", "admin DELETE DELETE 403",
            "admin CREATE POST 403",
            "(anonymous) READ GET 401", "(anonymous) CHANGE PUT 401", "(anonymous) CREATE POST 401");
    assertThat(report.checks()).filteredOn(check -> check.user().equals("bob")).hasSize(5);
  }

  @Test
  void aliceCannotReadChangeDeleteOrListBobsNotes() {
    AccessReport report = notesOf("bob", "alice").verify();

    assertThat(report.checks())
        .extracting(check -> check.user() + " " + check.action() + " " + check.method() + " " + check.status())
        .contains("alice READ GET 404", "alice CHANGE PUT 404", "alice DELETE DELETE 404", "admin CHANGE PUT 403");
  }

  @Test
  void anotherUsersNoteAnswersByteForByteLikeANoteThatDoesNotExist() throws Exception {
    String alices = location(send("alice", "POST", "/api/notes", "{\"title\":\"mine\",\"body\":\"private\"}"));
    String gone = location(send("alice", "POST", "/api/notes", "{\"title\":\"gone\",\"body\":\"deleted\"}"));
    assertThat(send("alice", "DELETE", gone, null).statusCode()).isEqualTo(204);
    assertThat(alices.length()).as("ids of one length, so only the id differs in the paths").isEqualTo(gone.length());

    for (String method : new String[] {"GET", "PUT", "DELETE"}) {
      String body = method.equals("PUT") ? "{\"title\":\"x\",\"body\":\"y\"}" : null;
      HttpResponse<byte[]> hidden = send("bob", method, alices, body);
      HttpResponse<byte[]> missing = send("bob", method, gone, body);

      assertThat(hidden.statusCode()).as(method).isEqualTo(404).isEqualTo(missing.statusCode());
      assertThat(hidden.headers().firstValue("Content-Type")).as(method)
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(headerNames(hidden.headers())).as(method).isEqualTo(headerNames(missing.headers()));
      assertThat(withoutPerRequestMembers(hidden.body())).as(method).isEqualTo(withoutPerRequestMembers(missing.body()));
      assertThat(new String(hidden.body(), StandardCharsets.UTF_8)).as(method)
          .doesNotContain("mine", "private", "alice", "forbidden", "Forbidden");
    }
    assertThat(send("alice", "GET", alices, null).statusCode()).isEqualTo(200);
    assertThat(send("alice", "DELETE", alices, null).statusCode()).isEqualTo(204);
  }

  /** The body with the values of {@code requestId} and {@code instance} blanked, as bytes. */
  private static byte[] withoutPerRequestMembers(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).contains("\"requestId\":\"");
    return text.replaceAll("\"(requestId|instance)\":\"[^\"]*\"", "\"$1\":\"\"").getBytes(StandardCharsets.UTF_8);
  }

  private static Set<String> headerNames(HttpHeaders headers) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(headers.map().keySet());
    return names;
  }

  private static String location(HttpResponse<byte[]> created) {
    assertThat(created.statusCode()).isEqualTo(201);
    return created.headers().firstValue("Location").orElseThrow();
  }

  private HttpResponse<byte[]> send(String user, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return CLIENT.send(as(user).apply(request).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
