package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-Jetty example over real HTTP, with Bulwark installed only by its initializer. */
class NotesServerTest {

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    server = NotesServer.start(0, name -> null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  private static String basic(String user) {
    String password = dev.bulwark.examples.notes.DemoUsers.DEFAULT_PASSWORDS.get(user);
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pageListsTheCallersNotesWithTheNonce() throws Exception {
    HttpResponse<String> response = Http.get(uri("/"), "Authorization", basic("alice"));
    assertThat(response.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(response);
    assertThat(response.body()).contains("<script nonce=\"" + nonce + "\">").contains("Shopping").doesNotContain("scaffolding");
  }

  @Test
  void everyResponseKindCarriesTheHeaders() throws Exception {
    HttpResponse<String> json = Http.get(uri("/api/notes"), "Authorization", basic("bob"));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("scaffolding").doesNotContain("Shopping");
    SecureHeadersAssert.assertApi(json);

    HttpResponse<String> missing = Http.get(uri("/api/notes/987654"), "Authorization", basic("bob"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.header(missing, "Content-Type")).startsWith("application/problem+json");
    SecureHeadersAssert.assertApi(missing);

    HttpResponse<String> wrongMethod = Http.send("PATCH", uri("/api/notes/1"), "{}", "Authorization", basic("alice"));
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    SecureHeadersAssert.assertApi(wrongMethod);

    HttpResponse<String> css = Http.get(uri("/static/app.css"));
    assertThat(css.statusCode()).isEqualTo(200);
    SecureHeadersAssert.assertApi(css);

    HttpResponse<String> unauthenticated = Http.get(uri("/api/notes"));
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    SecureHeadersAssert.assertApi(unauthenticated);
  }

  @Test
  void usersChangeOnlyTheirOwnNotesAndAdminOnlyReads() throws Exception {
    HttpResponse<String> created =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"t\",\"body\":\"b\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(201);
    String location = Http.header(created, "Location");

    assertThat(Http.get(uri(location), "Authorization", basic("bob")).statusCode()).isEqualTo(404);
    assertThat(Http.send("DELETE", uri(location), null, "Authorization", basic("bob")).statusCode()).isEqualTo(404);
    assertThat(Http.get(uri(location), "Authorization", basic("admin")).statusCode()).isEqualTo(200);
    assertThat(Http.send("PUT", uri(location), "{\"title\":\"x\"}", "Authorization", basic("admin"), "Content-Type", "application/json").statusCode())
        .isEqualTo(403);
    assertThat(Http.send("PUT", uri(location), "{\"title\":\"new\"}", "Authorization", basic("alice"), "Content-Type", "application/json").statusCode())
        .isEqualTo(200);
    assertThat(Http.send("DELETE", uri(location), null, "Authorization", basic("alice")).statusCode()).isEqualTo(204);
  }

  @Test
  void crossSiteWritesFromBrowsersAreRefused() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"csrf\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json",
            "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).body()).doesNotContain("csrf");
  }

  @Test
  void badJsonIsA400NotA500() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
  }
}
