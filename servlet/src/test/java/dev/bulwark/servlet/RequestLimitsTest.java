package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request limits over real HTTP on Jetty: 413, 414, 431 and 415 as problems, before parsing. */
class RequestLimitsTest {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        JettyTestServer.start(
            BulwarkConfigLoader.load(
                ConfigSource.fromMap(
                    Map.of(
                        "bulwark.limits.max-body-bytes", "1000",
                        "bulwark.limits.max-url-length", "200",
                        "bulwark.limits.max-header-count", "12",
                        "bulwark.limits.json-paths", "/api/**"),
                    "test")));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aDeclaredBodyOverTheLimitIsRefusedBeforeTheAppReadsIt() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", server.uri("/api/upload"), "x".repeat(1001), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("body-too-large").doesNotContain("xxxx");
    SecureHeadersAssert.assertApi(response);
    assertThat(Http.send("POST", server.uri("/api/upload"), "x".repeat(1000), "Content-Type", "application/json").body())
        .isEqualTo("{\"size\":1000}");
  }

  @Test
  void aChunkedBodyIsCountedAsItStreams() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    byte[] big = new byte[50_000];
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/api/upload"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("body-too-large");
    assertThat(Http.get(server.uri("/api/json")).statusCode()).as("still serving").isEqualTo(200);
  }

  private static HttpResponse<String> postBytes(String path, byte[] body, String contentType) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aJsonBodyThatIsNotUtf8IsRefusedAsItIsRead() throws Exception {
    byte[] overlongSlash = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    HttpResponse<String> json = postBytes("/api/upload", overlongSlash, "application/json");
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("urn:bulwark:problem:invalid-encoding");
    SecureHeadersAssert.assertApi(json);

    byte[] cutShort = {'"', (byte) 0xE2, (byte) 0x82};
    assertThat(postBytes("/api/upload", cutShort, "application/problem+json; charset=UTF-8").statusCode())
        .as("a sequence cut short by the end of the body")
        .isEqualTo(400);
    assertThat(postBytes("/api/upload", "{\"a\":\"caf\u00e9 \ud83d\ude00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json").body())
        .as("well-formed UTF-8 passes")
        .isEqualTo("{\"size\":18}");
  }

  @Test
  void onlyJsonBodiesAreHeldToUtf8AndJsonInAnotherCharsetIsRefused() throws Exception {
    byte[] binary = {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, 0};
    assertThat(postBytes("/post-only", binary, "application/octet-stream").statusCode()).isEqualTo(204);
    HttpResponse<String> utf16 = postBytes("/api/upload", binary, "application/json; charset=utf-16");
    assertThat(utf16.statusCode())
        .as("RFC 8259: JSON is UTF-8; declaring another charset must not skip the UTF-8 check")
        .isEqualTo(415);
    assertThat(utf16.body()).contains("unsupported-charset");
  }

  @Test
  void aLongUrlGets414() throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/api/json?q=" + "a".repeat(300)));
    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(response.body()).contains("url-too-long").doesNotContain("aaaa");
  }

  @Test
  void tooManyHeadersGet431() throws Exception {
    String[] headers = new String[30];
    for (int i = 0; i < 15; i++) {
      headers[i * 2] = "X-Filler-" + i;
      headers[i * 2 + 1] = "v";
    }
    HttpResponse<String> response = Http.get(server.uri("/api/json"), headers);
    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(response.body()).contains("headers-too-large");
  }

  @Test
  void aSecondAuthorizationContentTypeOrProxyAuthorizationGets400() throws Exception {
    // Raw, because java.net.http drops a Proxy-Authorization it did not make itself.
    for (String name : new String[] {"Authorization", "Proxy-Authorization", "Content-Type"}) {
      RawHttp.Response response =
          RawHttp.exchange(
              server.uri("/").getPort(),
              "GET /api/json HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n" + name + ": Basic Ym9iOng=\r\n"
                  + name + ": Basic YWxpY2U6eQ==\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).as(name).isEqualTo(400);
      assertThat(response.text()).contains("urn:bulwark:problem:duplicate-header").doesNotContain("Ym9i", "YWxp");
    }
    assertThat(Http.get(server.uri("/api/json"), "Authorization", "Basic Ym9iOng=").statusCode()).as("one is fine").isEqualTo(200);
    assertThat(Http.get(server.uri("/api/json"), "Accept", "text/html", "Accept", "application/json").statusCode())
        .as("list fields may repeat").isEqualTo(200);
  }

  @Test
  void jsonEndpointsRefuseOtherBodiesWith415() throws Exception {
    HttpResponse<String> text = Http.send("POST", server.uri("/api/json"), "title=x", "Content-Type", "application/x-www-form-urlencoded");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("unsupported-media-type");
    assertThat(Http.send("POST", server.uri("/api/json"), "{}", "Content-Type", "application/json; charset=utf-8").statusCode()).isEqualTo(201);
    assertThat(Http.send("POST", server.uri("/api/json"), "{}", "Content-Type", "application/merge-patch+json").statusCode()).isEqualTo(201);
    assertThat(Http.get(server.uri("/api/json")).statusCode()).as("no body, no check").isEqualTo(200);
    assertThat(Http.send("POST", server.uri("/post-only"), "a=b", "Content-Type", "text/plain").statusCode()).as("outside json-paths").isEqualTo(204);
  }
}
