package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kind of response a container produces carries the right headers, none of the remove list,
 * and no header twice. Run against each container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResponseHeadersContract {

  private TestServer server;

  abstract TestServer start(BulwarkConfig config) throws Exception;

  @BeforeAll
  void startServer() throws Exception {
    server = start(BulwarkConfig.defaults());
  }

  @AfterAll
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void htmlPageGetsNonceCspMatchingThePage() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/page"));
    assertThat(response.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(response);
    assertThat(response.body()).contains("nonce=\"" + nonce + "\"");
    assertThat(Http.header(response, "Cache-Control")).isEqualTo("no-store, max-age=0");
    assertThat(Http.header(response, "Content-Security-Policy")).doesNotContain("upgrade-insecure-requests");
    assertThat(response.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
  }

  @Test
  void noncesDifferPerResponse() throws Exception {
    String first = SecureHeadersAssert.assertHtml(Http.get(server.uri("/page")));
    String second = SecureHeadersAssert.assertHtml(Http.get(server.uri("/page")));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void jsonGetsApiPolicyAndNoStore() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/api/json"));
    assertThat(response.statusCode()).isEqualTo(200);
    SecureHeadersAssert.assertApi(response);
    assertThat(Http.header(response, "Cache-Control")).isEqualTo("no-store, max-age=0");
  }

  @Test
  void appCacheControlIsKept() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/cached"));
    assertThat(Http.header(response, "Cache-Control")).isEqualTo("public, max-age=60");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void notFoundIsAProblemWithHeaders() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/no/such/thing"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(response.body()).contains("\"status\":404").doesNotContain("no/such");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void notFoundForABrowserIsAPlainPage() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/missing"), "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.header(response, "Content-Type")).startsWith("text/html");
    assertThat(response.body()).contains("404 Not Found").doesNotContain("<script");
    SecureHeadersAssert.assertHtml(response);
  }

  @Test
  void methodNotAllowedIsAProblemWithHeaders() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/post-only"));
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.body()).contains("\"status\":405");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void thrownExceptionIsASafe500() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/boom"));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(response.body())
        .contains("\"status\":500")
        .doesNotContain("jdbc")
        .doesNotContain("/etc")
        .doesNotContain("Exception")
        .doesNotContain("at dev.");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void staticFileGetsHeaders() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/app.css"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.header(response, "Content-Type")).startsWith("text/css");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void leakyHeadersAreRemoved() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/leaky"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
    assertThat(response.headers().firstValue("X-AspNet-Version")).isEmpty();
    assertThat(response.headers().firstValue("Server")).isEmpty();
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void postWithBodyPassesForNonBrowserClients() throws Exception {
    HttpResponse<String> response = Http.send("POST", server.uri("/api/json"), "{}", "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(201);
    SecureHeadersAssert.assertApi(response);
  }
}
