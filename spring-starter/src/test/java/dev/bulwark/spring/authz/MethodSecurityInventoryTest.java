package dev.bulwark.spring.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.authz.EndpointInventory.Endpoint;
import dev.bulwark.authz.EndpointInventory.Protection;
import dev.bulwark.servlet.Http;
import dev.bulwark.spring.autoconfigure.BulwarkAuthzConfiguration;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The spring-petclinic-rest case: {@code @PreAuthorize} on the API while method security is never
 * switched on, so anyone reads the owners. The inventory must call that unguarded, not guarded.
 */
class MethodSecurityInventoryTest {

  @RestController
  static class OwnerController {
    @PreAuthorize("hasRole('OWNER_ADMIN')")
    @GetMapping("/api/owners")
    String owners() {
      return "[\"George Franklin\"]";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OwnerController.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).httpBasic(Customizer.withDefaults()).build();
    }
  }

  @EnableMethodSecurity
  static class WithMethodSecurity {}

  private static SpringApplicationBuilder app(String unguarded, Class<?>... sources) {
    return new SpringApplicationBuilder(sources).properties("server.port=0", "bulwark.authz.unguarded=" + unguarded);
  }

  private static int get(ConfigurableApplicationContext context) throws Exception {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return Http.get(URI.create("http://localhost:" + port + "/api/owners")).statusCode();
  }

  private static Endpoint owners(ConfigurableApplicationContext context) {
    EndpointInventory inventory = context.getBean(BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
    return inventory.endpoints().stream().filter(e -> e.handler().equals("OwnerController.owners")).findFirst().orElseThrow();
  }

  @Test
  void withoutMethodSecurityTheRuleIsNoGuard() throws Exception {
    try (ConfigurableApplicationContext context = app("warn", App.class).run()) {
      assertThat(get(context)).as("nothing checks @PreAuthorize").isEqualTo(200);
      assertThat(owners(context).protection()).isEqualTo(Protection.UNGUARDED);
      assertThat(owners(context).detail()).contains("@PreAuthorize(hasRole('OWNER_ADMIN')) present but method security is not enabled");
    }
    assertThatThrownBy(() -> app("fail", App.class).run().close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("GET /api/owners")
        .hasMessageContaining("method security is not enabled");
  }

  @Test
  void withMethodSecurityTheRuleGuards() throws Exception {
    try (ConfigurableApplicationContext context = app("fail", App.class, WithMethodSecurity.class).run()) {
      assertThat(get(context)).isEqualTo(401);
      assertThat(owners(context).protection()).isEqualTo(Protection.SECURITY_RULE);
    }
  }
}
