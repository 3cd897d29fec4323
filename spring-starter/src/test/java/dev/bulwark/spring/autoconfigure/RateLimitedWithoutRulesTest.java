package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.spring.web.RateLimited;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code @RateLimited} is its own opt-in: it limits even with {@code bulwark.rate-limit} off. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RateLimitedWithoutRulesTest.App.class)
class RateLimitedWithoutRulesTest {

  @LocalServerPort int port;

  @Test
  void annotationLimitsByAddressWithRateLimitingOff() throws Exception {
    URI search = URI.create("http://localhost:" + port + "/search");
    assertThat(Http.get(search).statusCode()).isEqualTo(200);
    assertThat(Http.get(search).statusCode()).isEqualTo(429);
    assertThat(Http.get(URI.create("http://localhost:" + port + "/free")).statusCode()).isEqualTo(200);
    assertThat(Http.get(URI.create("http://localhost:" + port + "/free")).statusCode()).isEqualTo(200);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class App {
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @RateLimited(name = "search", limits = "1/1h", key = "ip")
    @GetMapping("/search")
    String search() {
      return "[]";
    }

    @GetMapping("/free")
    String free() {
      return "ok";
    }
  }
}
