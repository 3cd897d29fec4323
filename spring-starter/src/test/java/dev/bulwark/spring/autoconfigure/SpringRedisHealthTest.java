package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.servlet.Http;
import dev.bulwark.testing.EmbeddedRedis;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Redis store in a Spring application: Actuator's health follows Redis down and up, requests
 * keep their failure policy meanwhile, and the meters show the fallbacks.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringRedisHealthTest.App.class,
    properties = {
      "bulwark.rate-limit.enabled=true",
      "bulwark.rate-limit.store=redis",
      "bulwark.rate-limit.redis.timeout=100ms",
      "bulwark.rate-limit.redis.breaker-open-for=500ms",
      "bulwark.rate-limit.rules[0].name=api",
      "bulwark.rate-limit.rules[0].limits=1000/1h",
      "management.endpoints.web.exposure.include=health,prometheus,metrics",
      "management.endpoint.health.show-details=always"
    })
class SpringRedisHealthTest {

  private static final EmbeddedRedis REDIS = EmbeddedRedis.startOrFail();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("bulwark.rate-limit.redis.uri", REDIS::uri);
  }

  @AfterAll
  static void stop() throws Exception {
    REDIS.close();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private String health() throws Exception {
    return Http.get(uri("/actuator/health")).body();
  }

  /** The status of Bulwark's contributor in Actuator's health document. */
  private String rateLimitStatus() throws Exception {
    String body = health();
    int at = body.indexOf("\"bulwarkRateLimit\"");
    if (at < 0) {
      return "absent";
    }
    int status = body.indexOf("\"status\":\"", at);
    return body.substring(status + 10, body.indexOf('"', status + 10));
  }

  @Test
  void healthFollowsRedisDownAndUpWhileRequestsKeepTheirPolicy() throws Exception {
    Assumptions.assumeTrue(REDIS.controllable(), "needs a Redis this test can stop");
    await().atMost(Duration.ofSeconds(10)).until(() -> rateLimitStatus().equals("UP"));
    assertThat(health()).contains("\"store\":\"redis\"").contains("pingMicros");

    REDIS.stop();
    try {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> response = Http.get(uri("/hello"));
        assertThat(response.statusCode()).as("local fallback allows within the limit, never a 500").isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> rateLimitStatus().equals("DOWN"));
    } finally {
      REDIS.restart();
    }
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Http.get(uri("/hello"));
      return rateLimitStatus().equals("UP");
    });
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class App {
    @org.springframework.context.annotation.Bean
    org.springframework.security.web.SecurityFilterChain open(
        org.springframework.security.config.annotation.web.builders.HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @GetMapping("/hello")
    String hello() {
      return "hello";
    }
  }
}
