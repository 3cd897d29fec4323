package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The starter turns on Actuator's probe groups and request percentiles; the app can override. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ActuatorDefaultsTest.App.class,
    properties = {"management.endpoints.web.exposure.include=health", "management.metrics.distribution.percentiles.http.server.requests=0.9"})
class ActuatorDefaultsTest {

  @LocalServerPort int port;
  @Autowired Environment environment;

  @Test
  void probesAreOnAndTheApplicationsOwnValuesWin() throws Exception {
    assertThat(Http.get(URI.create("http://localhost:" + port + "/actuator/health/liveness")).statusCode()).isEqualTo(200);
    assertThat(Http.get(URI.create("http://localhost:" + port + "/actuator/health/readiness")).statusCode()).isEqualTo(200);
    assertThat(environment.getProperty("management.metrics.distribution.percentiles-histogram.http.server.requests")).isEqualTo("true");
    assertThat(environment.getProperty("management.metrics.distribution.percentiles.http.server.requests")).isEqualTo("0.9");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class App {
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @GetMapping("/hello")
    String hello() {
      return "hello";
    }
  }
}
