package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON parser limits over real HTTP through Spring MVC: a document past a limit, or with a key
 * twice, is a 400 problem that echoes nothing of the document, and the app keeps serving.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringJsonLimitsTest.App.class)
class SpringJsonLimitsTest {

  private static final String MARKER = "MARKER7f3a";

  @LocalServerPort int port;

  private HttpResponse<String> post(String json) throws Exception {
    return Http.send("POST", URI.create("http://localhost:" + port + "/api/items"), json, "Content-Type", "application/json");
  }

  private void assertUnreadable(String json) throws Exception {
    HttpResponse<String> response = post(json);
    assertThat(response.statusCode()).as(json.length() > 200 ? json.substring(0, 200) : json).isEqualTo(400);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(response.body())
        .contains("urn:bulwark:problem:unreadable-input")
        .doesNotContain(MARKER)
        .doesNotContain("Exception")
        .doesNotContain("jackson")
        .doesNotContain("at [Source");
    SecureHeadersAssert.assertApi(response);
    assertThat(post("{\"title\":\"fine\"}").statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void documentsWithinTheLimitsAreRead() throws Exception {
    HttpResponse<String> response = post("{\"title\":\"ok\",\"tags\":[[[[\"deep\"]]]],\"amount\":" + "9".repeat(100) + "}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"title\":\"ok\"");
  }

  @Test
  void deepNestingIsA400Problem() throws Exception {
    assertUnreadable("{\"title\":\"" + MARKER + "\",\"tags\":" + "[".repeat(70) + "]".repeat(70) + "}");
  }

  @Test
  void longNumbersAreA400Problem() throws Exception {
    assertUnreadable("{\"title\":\"t\",\"amount\":" + MARKER.length() + "9".repeat(150) + "}");
    assertUnreadable("{\"title\":\"" + MARKER + "\",\"amount\":1e" + "9".repeat(150) + "}");
  }

  @Test
  void longStringsAreA400Problem() throws Exception {
    assertUnreadable("{\"title\":\"" + MARKER + "x".repeat(1024 * 1024) + "\"}");
  }

  @Test
  void duplicateKeysAreA400Problem() throws Exception {
    assertUnreadable("{\"title\":\"" + MARKER + "\",\"title\":\"admin\"}");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Items.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(csrf -> csrf.disable()).build();
    }
  }

  record Item(String title, List<Object> tags, java.math.BigDecimal amount) {}

  @RestController
  static class Items {
    @PostMapping("/api/items")
    Item create(@RequestBody Item item) {
      return item;
    }
  }
}
