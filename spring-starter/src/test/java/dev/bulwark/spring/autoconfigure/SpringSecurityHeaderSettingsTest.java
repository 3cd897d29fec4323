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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Security's explicit {@code http.headers(...)} settings win over Bulwark's defaults on every
 * response, whichever writes first; a {@code bulwark.headers.*} property that says otherwise stops
 * start-up naming both.
 */
class SpringSecurityHeaderSettingsTest {

  static final String THEIR_CSP = "default-src 'self'; frame-ancestors 'self'";

  @RestController
  static class Pages {
    @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
      return "<!DOCTYPE html><p>hello</p>";
    }

    @GetMapping("/empty")
    ResponseEntity<Void> empty() {
      return ResponseEntity.noContent().build();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Pages.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
          .headers(h -> h.frameOptions(f -> f.sameOrigin())
              .contentSecurityPolicy(c -> c.policyDirectives(THEIR_CSP))
              .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
              .contentTypeOptions(c -> c.disable()))
          .build();
    }
  }

  private static SpringApplicationBuilder app(String... properties) {
    List<String> all = new java.util.ArrayList<>(List.of("server.port=0", "bulwark.authz.unguarded=warn"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(App.class).properties(all.toArray(String[]::new));
  }

  private static URI uri(ConfigurableApplicationContext context, String path) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://localhost:" + port + path);
  }

  @Test
  void springSecuritysExplicitHeadersWinOnEveryResponse() throws Exception {
    try (ConfigurableApplicationContext context = app().run()) {
      assertThat(context.getBean(Assembly.class).pipeline().rootPolicy().headers().deferred())
          .containsExactlyInAnyOrder("Content-Security-Policy", "Referrer-Policy", "X-Frame-Options");
      // a page writes its body first (Bulwark's headers at the first byte), an empty answer does not
      for (String path : List.of("/page", "/empty")) {
        HttpResponse<String> response = Http.get(uri(context, path));
        assertThat(response.statusCode()).as(path).isIn(200, 204);
        assertThat(Http.header(response, "X-Frame-Options")).as(path).isEqualTo("SAMEORIGIN");
        assertThat(Http.header(response, "Content-Security-Policy")).as(path).isEqualTo(THEIR_CSP);
        assertThat(Http.header(response, "Referrer-Policy")).as(path).isEqualTo("same-origin");
        // disabled in Spring Security: Bulwark still writes its own (and logs how to turn it off)
        assertThat(Http.header(response, "X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(Http.header(response, "Cross-Origin-Opener-Policy")).as(path).isEqualTo("same-origin");
        assertThat(Http.duplicated(response)).as(path).isEmpty();
      }
    }
  }

  @Test
  void aBulwarkPropertyThatSaysOtherwiseStopsStartUpNamingBoth() {
    assertThatThrownBy(() -> app("bulwark.headers.frame-options=DENY").run().close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("bulwark.headers.frame-options=DENY")
        .hasMessageContaining("X-Frame-Options: SAMEORIGIN")
        .hasMessageContaining("SecurityFilterChain 'security'");
    assertThatThrownBy(() -> app("bulwark.paths[0].patterns=/admin/**", "bulwark.paths[0].csp=default-src 'none'").run().close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("bulwark.paths[0].csp=default-src 'none'")
        .hasMessageContaining("Content-Security-Policy: " + THEIR_CSP);
  }

  @Test
  void aBulwarkPropertyWithTheSameValueIsNoConflict() throws Exception {
    try (ConfigurableApplicationContext context = app("bulwark.headers.frame-options=SAMEORIGIN").run()) {
      assertThat(context.getBean(Assembly.class).pipeline().rootPolicy().headers().deferred())
          .containsExactlyInAnyOrder("Content-Security-Policy", "Referrer-Policy");
      assertThat(Http.header(Http.get(uri(context, "/page")), "X-Frame-Options")).isEqualTo("SAMEORIGIN");
    }
  }
}
