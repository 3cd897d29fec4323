package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.spring.readiness.SpringReadiness;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code RateLimitKeyVerifier} bean over real HTTP: values of the key header it does not
 * recognise share the caller's address bucket, issued keys keep their own, and the readiness
 * report has no client-chosen-key finding.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {SpringSecurityHeadersTest.App.class, SpringRateLimitKeyVerifierTest.Keys.class},
    properties = {
      "bulwark.rate-limit.enabled=true",
      "bulwark.rate-limit.rules[0].name=api-keys",
      "bulwark.rate-limit.rules[0].limits=2/1h",
      "bulwark.rate-limit.rules[0].key=header:X-Api-Key,ip"
    })
class SpringRateLimitKeyVerifierTest {

  @LocalServerPort int port;
  @Autowired SpringReadiness readiness;

  @Configuration(proxyBeanMethods = false)
  static class Keys {
    @Bean
    RateLimitKeyVerifier issuedKeys() {
      return new RateLimitKeyVerifier() {
        @Override
        public Set<String> headers() {
          return Set.of("X-Api-Key");
        }

        @Override
        public boolean recognises(String header, String value) {
          return value.equals("issued-key");
        }
      };
    }
  }

  private int status(String apiKey) throws Exception {
    return Http.get(URI.create("http://localhost:" + port + "/api/json"), "X-Api-Key", apiKey).statusCode();
  }

  @Test
  void inventedKeysShareTheAddressBucketAndIssuedKeysKeepTheirOwn() throws Exception {
    assertThat(status("invented-" + UUID.randomUUID())).isEqualTo(200);
    assertThat(status("invented-" + UUID.randomUUID())).isEqualTo(200);
    assertThat(status("invented-" + UUID.randomUUID())).as("a third invented key").isEqualTo(429);
    assertThat(status("issued-key")).isEqualTo(200);
    assertThat(status("issued-key")).isEqualTo(200);
    assertThat(status("issued-key")).isEqualTo(429);
  }

  @Test
  void theReportHasNoClientChosenKeyFindingOnceAVerifierCoversTheHeader() {
    assertThat(readiness.report().findings()).noneMatch(f -> f.id().equals("client-chosen-rate-limit-key"));
  }
}
