package dev.bulwark.spring.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.ProtectedOnce;
import dev.bulwark.servlet.WarDeployment;
import jakarta.servlet.ServletContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application deployed as a WAR is, on embedded Tomcat and on embedded Jetty 12 (EE
 * 11): each container finds both Bulwark's {@code ServletContainerInitializer} and Spring's on the
 * class path, Spring's starts the application through {@link App}, and Bulwark's filter is
 * installed once, by the starter, from Spring's properties, and runs once per request.
 */
class WarDeploymentTest {

  @Test
  void onTomcat() throws Exception {
    try (WarDeployment war = WarDeployment.tomcat()) {
      assertInstalledOnceBySpring(war);
    }
  }

  @Test
  void onJetty() throws Exception {
    // The test classes play WEB-INF/classes, where Jetty finds App for Spring's @HandlesTypes;
    // spring-boot plays WEB-INF/lib, where it learns that App is a WebApplicationInitializer.
    try (WarDeployment war = WarDeployment.jetty(".*/spring-boot-[0-9][^/]*\\.jar$", Path.of("target/test-classes"))) {
      assertInstalledOnceBySpring(war);
    }
  }

  private static void assertInstalledOnceBySpring(WarDeployment war) throws Exception {
    HttpResponse<String> filters = Http.get(war.uri("/bulwark-filters"));
    assertThat(filters.statusCode()).as("the application started").isEqualTo(200);
    assertThat(filters.body()).as("one Bulwark filter, the starter's").isEqualTo("[bulwark]");
    // The rule is a Spring property: the filter that counts is the starter's.
    ProtectedOnce.assertProtectedOnce(war.uri("/hello"));
  }

  /** The application, as its WAR's initializer starts it. */
  public static class App extends SpringBootServletInitializer {
    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
      return builder
          .sources(Config.class)
          .properties(
              "bulwark.rate-limit.enabled=true",
              "bulwark.rate-limit.rules[0].name=once",
              "bulwark.rate-limit.rules[0].limits=100/1h",
              "bulwark.rate-limit.rules[0].key=ip");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Hello.class)
  static class Config {
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
  }

  @RestController
  static class Hello {
    private final ServletContext context;

    Hello(ServletContext context) {
      this.context = context;
    }

    @GetMapping("/hello")
    String hello() {
      return "hello";
    }

    /** The names under which a Bulwark filter is registered in the container. */
    @GetMapping("/bulwark-filters")
    String filters() {
      List<String> names =
          context.getFilterRegistrations().values().stream()
              .filter(registration -> BulwarkFilter.class.getName().equals(registration.getClassName()))
              .map(registration -> registration.getName())
              .sorted()
              .toList();
      return names.toString();
    }
  }
}
