package dev.bulwark.examples.springnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example over real HTTP, hardened by the starter with default settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringNotesApplicationTest {

  @LocalServerPort int port;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user) {
    String password = DemoUsers.DEFAULT_PASSWORDS.get(user);
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void thymeleafPageUsesTheNonceOfItsOwnResponse() throws Exception {
    HttpResponse<String> first = Http.get(uri("/"), "Authorization", basic("alice"));
    HttpResponse<String> second = Http.get(uri("/"), "Authorization", basic("alice"));
    assertThat(first.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(first);
    assertThat(first.body()).contains("<script nonce=\"" + nonce + "\">").contains("Shopping");
    assertThat(SecureHeadersAssert.assertHtml(second)).isNotEqualTo(nonce);
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
  void crossSiteWritesFromBrowsersAreRefusedBeforeAuthentication() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"csrf\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json",
            "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).body()).doesNotContain("csrf");
  }

  @Test
  void invalidInputIsA4xxProblem() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
  }
}
