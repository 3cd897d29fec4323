package dev.bulwark.examples.springnotes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.FlakyStore;
import dev.bulwark.examples.notes.HealthProbeContract;
import dev.bulwark.examples.notes.NotesAppContract;
import dev.bulwark.examples.notes.StoreCheck;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The Spring example over real HTTP, hardened by the starter with default settings. Its notes
 * store is replaced, for this test only, by one that can fail or hang, so the probes can be seen
 * answering while the dependency is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringNotesApplicationTest extends NotesAppContract implements HealthProbeContract {

  private static final FlakyStore STORE = new FlakyStore();

  @LocalServerPort int port;

  @TestBean StoreCheck storeCheck;

  static StoreCheck storeCheck() {
    return STORE;
  }

  @Test
  void theWholeHealthFollowsTheStoreAndOnlyAdminsSeeWhy() throws Exception {
    HttpResponse<String> healthy = Http.get(uri("/actuator/health"));
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).contains("\"status\":\"UP\"").doesNotContain("notesStore", "components");

    STORE.set(FlakyStore.Mode.HANGING);
    long start = System.nanoTime();
    HttpResponse<String> anonymous = Http.get(uri("/actuator/health"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(BOUND.toMillis());
    assertThat(anonymous.statusCode()).isEqualTo(503);
    assertThat(anonymous.body()).contains("\"status\":\"DOWN\"").doesNotContain("notesStore", "timed out");

    HttpResponse<String> admin = Http.get(uri("/actuator/health/readiness"), "Authorization", basic("admin"));
    assertThat(admin.statusCode()).isEqualTo(503);
    assertThat(admin.body()).contains("\"notesStore\":{\"details\":{\"error\":\"timed out after 1000 ms\"},\"status\":\"DOWN\"}");

    STORE.set(FlakyStore.Mode.FAILING);
    awaitReadiness(503, "java.lang.IllegalStateException");
    HttpResponse<String> failing = Http.get(uri("/actuator/health/readiness"), "Authorization", basic("admin"));
    assertThat(failing.body()).contains("\"error\":\"java.lang.IllegalStateException\"").doesNotContain("hunter2");
    assertThat(Http.get(uri("/actuator/health/readiness"), "Authorization", basic("alice")).body())
        .as("a signed-in user without ADMIN sees the status only").isEqualTo("{\"status\":\"DOWN\"}");
  }

  /**
   * Spring Boot's error path asked for directly is the 404 problem, for a signed-in user and an
   * anonymous one alike (no challenge: the path does not exist for clients), with Bulwark's
   * request id and rate-limit headers; a real missing note still reaches the error dispatch.
   */
  @Test
  void theErrorPathAskedDirectlyIsNotFoundForEveryone() throws Exception {
    for (String[] credentials : new String[][] {{}, {"Authorization", basic("alice")}}) {
      for (String path : new String[] {"/error", "/error/x"}) {
        HttpResponse<String> response = Http.get(uri(path), credentials);
        String what = path + (credentials.length == 0 ? " anonymously" : " as alice");
        assertThat(response.statusCode()).as(what).isEqualTo(404);
        assertThat(Http.header(response, "Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.body()).as(what).contains("\"status\":404").doesNotContain("timestamp");
        assertThat(Http.header(response, "WWW-Authenticate")).as(what).isNull();
        assertThat(Http.header(response, "X-Request-Id")).as(what).isNotNull();
        assertThat(Http.header(response, "RateLimit-Policy")).as(what).isNotNull();
        SecureHeadersAssert.assertApi(response);
      }
    }
    HttpResponse<String> missing = Http.get(uri("/api/notes/987654"), "Authorization", basic("alice"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.header(missing, "Content-Type")).startsWith("application/problem+json");
  }

  /**
   * The {@code @RateLimited} rule on note creation is inspectable by an admin through Actuator, as
   * the configured rules are; nobody else reaches the endpoint, and an unknown rule is a 404 problem.
   */
  @Test
  void anAdminInspectsTheRateLimitedRuleOfNoteCreation() throws Exception {
    HttpResponse<String> created =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"counted\"}", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Http.header(created, "RateLimit-Policy")).contains("\"note-create-1m\";q=100;w=60");
    try {
      HttpResponse<String> inspected = Http.get(uri("/actuator/bulwarkratelimit/note-create/u:alice"), "Authorization", basic("admin"));
      assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
      assertThat(inspected.body()).contains("\"rule\":\"note-create\"").contains("\"state\":\"allowed\"");
      long remaining = Long.parseLong(inspected.body().replaceAll(".*\"remaining\":(\\d+).*", "$1"));
      assertThat(remaining).as("alice has created at least one note this minute").isBetween(0L, 99L);

      assertThat(Http.get(uri("/actuator/bulwarkratelimit/note-create/u:alice"), "Authorization", basic("alice")).statusCode())
          .isEqualTo(403);
      assertThat(Http.get(uri("/actuator/bulwarkratelimit/note-create/u:alice")).statusCode()).isEqualTo(401);

      HttpResponse<String> unknown = Http.get(uri("/actuator/bulwarkratelimit/Hx7rule/u:alice"), "Authorization", basic("admin"));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(Http.header(unknown, "Content-Type")).startsWith("application/problem+json");
      assertThat(unknown.body()).doesNotContain("Hx7rule");
    } finally {
      Http.send("DELETE", uri(Http.header(created, "Location")), null, "Authorization", basic("alice"));
    }
  }

  /** Waits until an admin's readiness answer has the status and mentions the text. */
  private void awaitReadiness(int status, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HttpResponse<String> last;
    do {
      last = Http.get(uri("/actuator/health/readiness"), "Authorization", basic("admin"));
      if (last.statusCode() == status && last.body().contains(text)) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(last.body()).contains(text);
  }

  @Override
  public FlakyStore store() {
    return STORE;
  }

  @Override
  public String livenessPath() {
    return "/actuator/health/liveness";
  }

  @Override
  public String readinessPath() {
    return "/actuator/health/readiness";
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
