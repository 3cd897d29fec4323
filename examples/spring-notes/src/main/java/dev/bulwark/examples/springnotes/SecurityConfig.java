package dev.bulwark.examples.springnotes;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.examples.notes.AccessLogFilter;
import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Callers;
import dev.bulwark.spring.autoconfigure.BulwarkAutoConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for every page and API call, no sessions. The health probes are open, as Kubernetes
 * calls them without credentials: anonymous callers see the status only, {@code ADMIN} users the
 * details ({@code management.endpoint.health.show-details}). The Prometheus endpoint is for trusted
 * addresses and the rest of Actuator for the ADMIN role. Spring Security's CSRF tokens are off
 * because Bulwark's cross-site request protection (Fetch Metadata) refuses cross-site writes
 * before authentication runs, without tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  SecurityFilterChain security(HttpSecurity http, BulwarkConfig bulwark) throws Exception {
    // The scrape endpoint reveals routes, traffic and failures: only for the addresses Bulwark's
    // own metrics endpoint would serve (judged by the client resolved through trusted proxies),
    // or signed-in users with bulwark.metrics.role if one is set.
    Predicate<HttpServletRequest> scrapers = Callers.inRanges(bulwark.metrics().trustedAddresses());
    String role = bulwark.metrics().role();
    return http.authorizeHttpRequests(
            requests -> requests
                .requestMatchers("/static/**", "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/actuator/prometheus").access((authentication, context) ->
                    new AuthorizationDecision(scrapers.test(context.getRequest()) || hasRole(authentication.get(), role)))
                // The readiness report maps the service's weak spots: operators only.
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  private static boolean hasRole(Authentication authentication, String role) {
    return !role.isEmpty()
        && authentication != null
        && authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
  }

  /**
   * One access-log line per request, ahead of Bulwark's filter so it logs the status the client
   * received; the request id comes from Bulwark's request attribute.
   */
  @Bean
  FilterRegistrationBean<AccessLogFilter> accessLog() {
    FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter());
    registration.setOrder(BulwarkAutoConfiguration.FILTER_ORDER - 1);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Bean
  InMemoryUserDetailsManager users(Environment environment, PasswordEncoder encoder) {
    List<UserDetails> users =
        DemoUsers.load(environment::getProperty).values().stream()
            .map(user -> User.withUsername(user.name())
                .password(encoder.encode(user.password()))
                .roles(user.roles().toArray(String[]::new))
                .build())
            .toList();
    return new InMemoryUserDetailsManager(users);
  }

  /**
   * The demo users' passwords arrive in plain text from the environment and live only in memory,
   * so a slow hash would protect nothing here and would dominate every request's cost (HTTP Basic
   * checks the password on each call). The comparison is constant-time. Hash stored passwords.
   */
  @Bean
  PasswordEncoder demoPasswordEncoder() {
    return new PasswordEncoder() {
      @Override
      public String encode(CharSequence raw) {
        return raw.toString();
      }

      @Override
      public boolean matches(CharSequence raw, String stored) {
        return MessageDigest.isEqual(
            raw.toString().getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
