package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.spring.web.RateLimited;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rate limiting in a Spring Boot application with Spring Security and Actuator, over real HTTP:
 * principal-keyed rules after authentication, {@code @RateLimited}, health, endpoint and meters.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringRateLimitingTest.App.class,
    properties = {
      "bulwark.rate-limit.enabled=true",
      "bulwark.rate-limit.rules[0].name=per-user",
      "bulwark.rate-limit.rules[0].paths=/api/items",
      "bulwark.rate-limit.rules[0].limits=3/1h",
      "bulwark.rate-limit.rules[0].key=principal",
      "management.endpoints.web.exposure.include=health,bulwarkratelimit",
      "management.endpoint.health.show-details=always"
    })
class SpringRateLimitingTest {

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":pw-" + user).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void principalRulesCountEachUserSeparately() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(uri("/api/items"), "Authorization", basic("ann")).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = Http.get(uri("/api/items"), "Authorization", basic("ann"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Http.header(refused, "RateLimit")).startsWith("\"per-user-");
    assertThat(refused.body()).contains("quota-exceeded").doesNotContain("ann");
    assertThat(Http.get(uri("/api/items"), "Authorization", basic("ben")).statusCode()).as("another user").isEqualTo(200);
  }

  @Test
  void rateLimitedAnnotationLimitsItsHandler() throws Exception {
    assertThat(Http.get(uri("/api/export"), "Authorization", basic("cat")).statusCode()).isEqualTo(200);
    HttpResponse<String> second = Http.get(uri("/api/export"), "Authorization", basic("cat"));
    assertThat(Http.header(second, "RateLimit-Policy")).isEqualTo("\"exports-1h\";q=2;w=3600");
    assertThat(second.statusCode()).isEqualTo(200);
    HttpResponse<String> refused = Http.get(uri("/api/export"), "Authorization", basic("cat"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("quota-exceeded");
    assertThat(Http.get(uri("/api/export"), "Authorization", basic("dan")).statusCode()).isEqualTo(200);
  }

  @Test
  void actuatorShowsTheStoreAndCanInspectAndResetAKey() throws Exception {
    HttpResponse<String> health = Http.get(uri("/actuator/health"));
    assertThat(health.body()).contains("bulwarkRateLimit").contains("\"store\":\"local\"");

    for (int i = 0; i < 4; i++) {
      Http.get(uri("/api/items"), "Authorization", basic("eve"));
    }
    HttpResponse<String> inspected = Http.get(uri("/actuator/bulwarkratelimit/per-user/u:eve"));
    assertThat(inspected.statusCode()).isEqualTo(200);
    assertThat(inspected.body()).contains("\"remaining\":0");
    assertThat(Http.send("DELETE", uri("/actuator/bulwarkratelimit/per-user/u:eve"), null).statusCode()).isIn(200, 204);
    assertThat(Http.get(uri("/api/items"), "Authorization", basic("eve")).statusCode()).isEqualTo(200);
  }

  @Test
  void actuatorInspectsAndResetsRateLimitedRulesToo() throws Exception {
    for (int i = 0; i < 3; i++) {
      Http.get(uri("/api/export"), "Authorization", basic("gus"));
    }
    HttpResponse<String> rules = Http.get(uri("/actuator/bulwarkratelimit"));
    assertThat(rules.body()).contains("\"per-user\"").contains("\"exports\"");

    HttpResponse<String> inspected = Http.get(uri("/actuator/bulwarkratelimit/exports/u:gus"));
    assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
    assertThat(inspected.body()).contains("\"rule\":\"exports\"").contains("\"state\":\"rejected\"").contains("\"remaining\":0");
    assertThat(Http.get(uri("/api/export"), "Authorization", basic("gus")).statusCode()).isEqualTo(429);

    assertThat(Http.send("DELETE", uri("/actuator/bulwarkratelimit/exports/u:gus"), null).statusCode()).isIn(200, 204);
    assertThat(Http.get(uri("/api/export"), "Authorization", basic("gus")).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownRuleIsA404ProblemThatEchoesNothing() throws Exception {
    String rule = "no-such-Hx7rule";
    for (String method : new String[] {"GET", "DELETE"}) {
      HttpResponse<String> response = Http.send(method, uri("/actuator/bulwarkratelimit/" + rule + "/u:Hx7key"), null);
      assertThat(response.statusCode()).as(method).isEqualTo(404);
      assertThat(Http.header(response, "Content-Type")).as(method).startsWith("application/problem+json");
      assertThat(response.body()).as(method).contains("\"status\":404").doesNotContain("Hx7").doesNotContain("Exception");
    }
  }

  @Test
  void aKeyWithSlashesSuchAsAnIpv6NetworkCanBeInspected() throws Exception {
    HttpResponse<String> inspected = Http.get(uri("/actuator/bulwarkratelimit/per-user/ip:2001:db8::/64"));
    assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
    assertThat(inspected.body()).contains("\"state\":\"allowed\"").contains("\"remaining\":3");
  }

  @Test
  void rateLimitedDecisionsAppearInTheDecisionMeters() throws Exception {
    Http.get(uri("/api/export"), "Authorization", basic("hal"));
    Http.get(uri("/api/export"), "Authorization", basic("hal"));
    Http.get(uri("/api/export"), "Authorization", basic("hal"));
    assertThat(meters.get("bulwark.ratelimit.decisions").tag("rule", "exports").tag("outcome", "allowed").functionCounter().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(meters.get("bulwark.ratelimit.decisions").tag("rule", "exports").tag("outcome", "rejected").functionCounter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.get("bulwark.ratelimit.local.keys").tag("rule", "exports").gauge().value()).isPositive();
  }

  @Test
  void metersCountDecisionsWithLowCardinalityTags() throws Exception {
    Http.get(uri("/api/items"), "Authorization", basic("fay"));
    assertThat(meters.get("bulwark.ratelimit.decisions").tag("rule", "per-user").tag("outcome", "allowed").functionCounter().count())
        .isPositive();
    assertThat(meters.get("bulwark.security.events").tag("event", "rate_limited").functionCounter()).isNotNull();
    assertThat(meters.find("bulwark.ratelimit.decisions").meters())
        .allSatisfy(meter -> assertThat(meter.getId().getTags()).extracting(t -> t.getKey()).containsOnly("rule", "outcome"));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/api/**").authenticated().anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .csrf(csrf -> csrf.disable())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          java.util.stream.Stream.of("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal")
              .map(name -> User.withUsername(name).password("{noop}pw-" + name).roles("USER").build())
              .toList());
    }
  }

  @RestController
  static class Endpoints {
    @GetMapping("/api/items")
    String items() {
      return "[]";
    }

    @RateLimited(name = "exports", limits = "2/1h", key = "principal")
    @GetMapping("/api/export")
    String export() {
      return "{}";
    }
  }
}
