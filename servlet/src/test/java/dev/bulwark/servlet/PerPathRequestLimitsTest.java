package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bulwark.paths[n].max-body-bytes} over real HTTP on Jetty: one path may take more than the
 * global limit, another less, declared and streamed alike, and every other path keeps the global
 * one.
 */
class PerPathRequestLimitsTest {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        JettyTestServer.start(
            BulwarkConfigLoader.load(
                ConfigSource.fromMap(
                    Map.of(
                        "bulwark.limits.max-body-bytes", "1000",
                        "bulwark.paths[0].patterns", "/api/upload",
                        "bulwark.paths[0].max-body-bytes", "20000",
                        "bulwark.paths[1].patterns", "/post-only",
                        "bulwark.paths[1].max-body-bytes", "10",
                        "bulwark.paths[2].patterns", "/api/json",
                        "bulwark.paths[2].cross-site", "false"),
                    "test")));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static String post(String path, long length) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n";
  }

  private static String chunkedPost(String path) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  }

  @Test
  void aPathWithAHigherLimitTakesBodiesTheGlobalLimitRefuses() throws Exception {
    HttpResponse<String> big = Http.send("POST", server.uri("/api/upload"), "x".repeat(15_000), "Content-Type", "application/json");
    assertThat(big.statusCode()).isEqualTo(200);
    assertThat(big.body()).isEqualTo("{\"size\":15000}");

    RawHttp.Response streamed = RawHttp.chunked(server.port(), chunkedPost("/api/upload"), (byte) 'x', 19_000);
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.text()).isEqualTo("{\"size\":19000}");
  }

  @Test
  void theHigherLimitStillHoldsDeclaredAndStreamed() throws Exception {
    RawHttp.Response declared = RawHttp.exchange(server.port(), post("/api/upload", 20_001));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.text()).contains("body-too-large").contains("20000 bytes");

    RawHttp.Response streamed = RawHttp.chunked(server.port(), chunkedPost("/api/upload"), (byte) 'x', 60_000);
    assertThat(streamed.status()).isEqualTo(413);
    assertThat(streamed.header("Content-Type")).startsWith("application/problem+json");
    assertThat(streamed.text()).contains("20000 bytes").doesNotContain("xxxx");
  }

  @Test
  void aPathWithALowerLimitRefusesWhatTheGlobalLimitAllows() throws Exception {
    assertThat(Http.send("POST", server.uri("/post-only"), "0123456789", "Content-Type", "text/plain").statusCode()).isEqualTo(204);
    HttpResponse<String> refused = Http.send("POST", server.uri("/post-only"), "0123456789A", "Content-Type", "text/plain");
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body()).contains("10 bytes");
    SecureHeadersAssert.assertApi(refused);
  }

  @Test
  void pathsWithoutTheirOwnLimitKeepTheGlobalOne() throws Exception {
    assertThat(Http.send("POST", server.uri("/api/json"), "x".repeat(1000), "Content-Type", "application/json").statusCode())
        .as("an override that leaves the limit out")
        .isEqualTo(201);
    RawHttp.Response declared = RawHttp.exchange(server.port(), post("/api/json", 1001));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.text()).contains("1000 bytes");
    assertThat(RawHttp.exchange(server.port(), post("/page", 1001)).status()).as("no override at all").isEqualTo(413);
  }
}
