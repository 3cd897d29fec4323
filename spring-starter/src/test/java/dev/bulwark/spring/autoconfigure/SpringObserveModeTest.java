package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code bulwark.mode=observe} in a Spring Boot application over real HTTP: a cross-site form post
 * that enforce mode refuses reaches the controller, and Actuator's {@code bulwarkadoption} lists it
 * with the setting that allows it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringObserveModeTest.App.class,
    properties = {
      "bulwark.mode=observe",
      "management.endpoints.web.exposure.include=bulwarkadoption"
    })
class SpringObserveModeTest {

  @LocalServerPort int port;

  @Autowired SecurityEvents events;

  @Test
  void aCrossSitePostReachesTheControllerAndTheAdoptionEndpointListsIt() throws Exception {
    URI base = URI.create("http://localhost:" + port);
    HttpResponse<String> post =
        Http.send(
            "POST", base.resolve("/orders/12"), "qty=1",
            "Content-Type", "application/x-www-form-urlencoded",
            "Origin", "https://evil.example",
            "Sec-Fetch-Site", "cross-site");
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.body()).isEqualTo("ordered");
    // Spring Security still sends its own defaults (X-Frame-Options); Bulwark withholds its own.
    assertThat(Http.header(post, "Permissions-Policy")).isNull();
    assertThat(events.count(SecurityEvent.WOULD_REFUSE)).isEqualTo(1);
    assertThat(events.count(SecurityEvent.CROSS_SITE_BLOCKED)).isZero();

    HttpResponse<String> report = Http.get(base.resolve("/actuator/bulwarkadoption"), "Accept", "application/json");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body())
        .contains("\"mode\":\"observe\"")
        .contains("\"protection\":\"cross-site\"")
        .contains("\"route\":\"/orders/{id}\"")
        .contains("bulwark.cross-site.trusted-origins");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Orders.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }
  }

  @RestController
  static class Orders {
    @PostMapping("/orders/{id}")
    String order() {
      return "ordered";
    }
  }
}
