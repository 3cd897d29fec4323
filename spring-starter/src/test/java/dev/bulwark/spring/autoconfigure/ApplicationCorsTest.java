package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.assembly.Assembly;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * An application with CORS of its own (Spring MVC's {@code @CrossOrigin}, Spring Security's {@code
 * http.cors(...)} over a {@code CorsConfigurationSource} bean): Bulwark leaves its preflights to it,
 * or refuses to start when {@code bulwark.cors.allowed-origins} is set too.
 */
class ApplicationCorsTest {

  static final String APP = "https://app.example.com";

  @RestController
  static class Notes {
    @CrossOrigin(origins = APP, methods = {org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.PUT})
    @PutMapping("/api/notes")
    String update() {
      return "{\"updated\":true}";
    }

    @GetMapping("/api/plain")
    String plain() {
      return "{}";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Notes.class)
  static class MvcApp {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Notes.class)
  static class SecurityCorsApp {
    @Bean
    CorsConfigurationSource corsConfigurationSource() {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(List.of("https://partner.example.com"));
      cors.setAllowedMethods(List.of("GET", "POST"));
      UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
      source.registerCorsConfiguration("/api/plain", cors);
      return source;
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
          .cors(Customizer.withDefaults())
          .csrf(c -> c.disable())
          .build();
    }
  }

  private static SpringApplicationBuilder app(Class<?> app, String... properties) {
    List<String> all = new java.util.ArrayList<>(List.of("server.port=0", "bulwark.authz.unguarded=warn"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(app).properties(all.toArray(String[]::new));
  }

  private static URI uri(ConfigurableApplicationContext context, String path) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://localhost:" + port + path);
  }

  private static HttpResponse<String> preflight(URI uri, String origin, String method) throws Exception {
    return Http.send("OPTIONS", uri, null, "Origin", origin, "Access-Control-Request-Method", method);
  }

  @Test
  void crossOriginHandlersAnswerTheirOwnPreflights() throws Exception {
    try (ConfigurableApplicationContext context = app(MvcApp.class).run()) {
      assertThat(context.getBean(Assembly.class).cors().deferred()).isTrue();
      HttpResponse<String> allowed = preflight(uri(context, "/api/notes"), APP, "PUT");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(Http.header(allowed, "Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(allowed.body()).doesNotContain("cors-rejected");

      HttpResponse<String> actual = Http.get(uri(context, "/api/plain"), "Origin", "https://evil.example");
      assertThat(actual.statusCode()).isEqualTo(200);
      assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void springSecurityCorsAnswersItsOwnPreflights() throws Exception {
    try (ConfigurableApplicationContext context = app(SecurityCorsApp.class).run()) {
      HttpResponse<String> allowed = preflight(uri(context, "/api/plain"), "https://partner.example.com", "POST");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(Http.header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://partner.example.com");
    }
  }

  @Test
  void allowedOriginsInBulwarkAsWellRefuseToStartNamingBoth() {
    assertThatThrownBy(() -> app(MvcApp.class, "bulwark.cors.allowed-origins=https://other.example.com").run().close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("bulwark.cors.allowed-origins=[https://other.example.com]")
        .hasMessageContaining("@CrossOrigin on Notes.update");
    assertThatThrownBy(() -> app(SecurityCorsApp.class, "bulwark.cors.allowed-origins=https://other.example.com").run().close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("CorsConfigurationSource bean 'corsConfigurationSource'")
        .hasMessageContaining("Spring Security's http.cors(...) in SecurityFilterChain 'security'");
  }

  @Test
  void bulwarkCorsOffLeavesNothingToDecide() throws Exception {
    try (ConfigurableApplicationContext context =
        app(MvcApp.class, "bulwark.cors.enabled=false", "bulwark.cors.allowed-origins=https://other.example.com").run()) {
      assertThat(context.getBean(Assembly.class).cors().deferred()).isFalse();
      assertThat(preflight(uri(context, "/api/notes"), APP, "PUT").statusCode()).isEqualTo(200);
    }
  }
}
