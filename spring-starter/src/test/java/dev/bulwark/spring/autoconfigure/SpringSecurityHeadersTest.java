package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bare Spring Boot application with Spring Security and the starter, over real HTTP: every kind
 * of response carries Bulwark's headers, none twice, although Spring Security writes some too.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringSecurityHeadersTest.App.class,
    properties = "bulwark.limits.max-body-bytes=1000")
class SpringSecurityHeadersTest {

  @LocalServerPort int port;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @org.springframework.beans.factory.annotation.Autowired dev.bulwark.assembly.Assembly assembly;

  @Test
  void springSecuritysDefaultHeadersLeaveBulwarksValues() {
    assertThat(assembly.pipeline().rootPolicy().headers().deferred()).isEmpty();
  }

  @Test
  void htmlPageGetsNonceCsp() throws Exception {
    HttpResponse<String> response = Http.get(uri("/page"));
    assertThat(response.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(response);
    assertThat(response.body()).contains("nonce=\"" + nonce + "\"");
  }

  @Test
  void jsonGetsApiPolicy() throws Exception {
    HttpResponse<String> response = Http.get(uri("/api/json"));
    assertThat(response.statusCode()).isEqualTo(200);
    SecureHeadersAssert.assertApi(response);
    assertThat(Http.header(response, "Cache-Control")).contains("no-store");
  }

  @Test
  void notFoundMethodNotAllowedAndExceptionsAreProblems() throws Exception {
    HttpResponse<String> missing = Http.get(uri("/no/such/page"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.header(missing, "Content-Type")).startsWith("application/problem+json");
    SecureHeadersAssert.assertApi(missing);

    HttpResponse<String> wrongMethod = Http.send("PUT", uri("/api/json"), "{}", "Content-Type", "application/json");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    SecureHeadersAssert.assertApi(wrongMethod);

    HttpResponse<String> boom = Http.get(uri("/boom"));
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).doesNotContain("secret").doesNotContain("Exception");
    SecureHeadersAssert.assertApi(boom);
  }

  @Test
  void staticFileGetsHeaders() throws Exception {
    HttpResponse<String> response = Http.get(uri("/app.css"));
    assertThat(response.statusCode()).isEqualTo(200);
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void unauthenticatedAnswerIsAProblemWithHeaders() throws Exception {
    HttpResponse<String> response = Http.get(uri("/private"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.header(response, "WWW-Authenticate")).startsWith("Basic");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void crossSitePostIsRefusedBeforeAuthentication() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/json"), "{}", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("cross-site-request");
    SecureHeadersAssert.assertApi(response);
  }

  @Test
  void aStreamedBodyOverTheLimitIs413EvenThroughJackson() throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(uri("/api/echo"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(("{\"text\":\"" + "x".repeat(5000) + "\"}").getBytes())))
            .build();
    HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("body-too-large").doesNotContain("xxxx");
    SecureHeadersAssert.assertApi(response);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/private").authenticated().anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .csrf(csrf -> csrf.disable())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .build();
    }
  }

  @RestController
  static class Endpoints {
    @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
    String page(HttpServletRequest request) {
      return "<!DOCTYPE html><html><body><script nonce=\"" + request.getAttribute("cspNonce") + "\">1</script></body></html>";
    }

    @GetMapping(value = "/api/json", produces = MediaType.APPLICATION_JSON_VALUE)
    String json() {
      return "{\"ok\":true}";
    }

    @PostMapping(value = "/api/json", produces = MediaType.APPLICATION_JSON_VALUE)
    String create() {
      return "{\"created\":true}";
    }

    @PostMapping(value = "/api/echo", produces = MediaType.APPLICATION_JSON_VALUE)
    java.util.Map<String, Object> echo(@org.springframework.web.bind.annotation.RequestBody java.util.Map<String, Object> body) {
      return body;
    }

    @GetMapping("/boom")
    String boom() {
      throw new IllegalStateException("secret database password leaked");
    }

    @GetMapping("/private")
    String secret() {
      return "private";
    }
  }
}
