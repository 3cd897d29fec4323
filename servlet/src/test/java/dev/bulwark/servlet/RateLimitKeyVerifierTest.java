package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule keyed by {@code header:X-Api-Key}: without a verifier a client that invents a value per
 * request is never limited; with one, invented values fall back to the client's address while each
 * issued key keeps a bucket of its own. Over real HTTP on Jetty.
 */
class RateLimitKeyVerifierTest {

  private static final Map<String, String> RULE =
      Map.of(
          "bulwark.rate-limit.enabled", "true",
          "bulwark.rate-limit.rules[0].name", "api-keys",
          "bulwark.rate-limit.rules[0].limits", "2/1h",
          "bulwark.rate-limit.rules[0].key", "header:X-Api-Key,ip");

  private static int status(TestServer server, String apiKey) throws Exception {
    HttpResponse<String> response = Http.get(server.uri("/api/json"), "X-Api-Key", apiKey);
    return response.statusCode();
  }

  private static String invented() {
    return "invented-" + UUID.randomUUID();
  }

  /** The attack, as it stands without a verifier: every invented value is a fresh bucket. */
  @Test
  void withoutAVerifierInventedKeysAreNeverLimited() throws Exception {
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(RULE, "test"));
    try (TestServer server = JettyTestServer.start(config)) {
      for (int i = 0; i < 5; i++) {
        assertThat(status(server, invented())).isEqualTo(200);
      }
    }
  }

  /** The drop-in finds the verifier in META-INF/services and rate limiting consults it. */
  @Test
  void withAVerifierServiceInventedKeysShareTheAddressBucketAndIssuedKeysKeepTheirOwn(@TempDir Path services)
      throws Exception {
    Path file = services.resolve("META-INF/services/" + RateLimitKeyVerifier.class.getName());
    Files.createDirectories(file.getParent());
    Files.writeString(file, IssuedApiKeys.class.getName() + "\n");
    ClassLoader loader =
        new URLClassLoader(new URL[] {services.toUri().toURL()}, RateLimitKeyVerifierTest.class.getClassLoader());
    RULE.forEach(System::setProperty);
    try (JettyTestServer server = JettyTestServer.startWithInitializer(context -> context.setClassLoader(loader))) {
      assertThat(server.servletContext().getAttribute(BulwarkServletContainerInitializer.KEY_VERIFIER_ATTRIBUTE)).isInstanceOf(IssuedApiKeys.class);
      assertThat(status(server, invented())).isEqualTo(200);
      assertThat(status(server, invented())).isEqualTo(200);
      HttpResponse<String> refused = Http.get(server.uri("/api/json"), "X-Api-Key", invented());
      assertThat(refused.statusCode()).as("a third invented key: still the address's bucket").isEqualTo(429);
      assertThat(refused.body()).doesNotContain("invented-");
      assertThat(Http.get(server.uri("/api/json")).statusCode()).as("no key at all: the same bucket").isEqualTo(429);

      assertThat(status(server, "issued-key-1")).as("an issued key has its own bucket").isEqualTo(200);
      assertThat(status(server, "issued-key-1")).isEqualTo(200);
      assertThat(status(server, "issued-key-1")).isEqualTo(429);
      assertThat(status(server, "issued-key-2")).as("and so does every other one").isEqualTo(200);
    } finally {
      RULE.keySet().forEach(System::clearProperty);
    }
  }
}
