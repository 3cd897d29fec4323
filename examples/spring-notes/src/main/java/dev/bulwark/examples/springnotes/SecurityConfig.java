package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.DemoUsers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for every page and API call, no sessions. The health probes are open, as Kubernetes
 * calls them without credentials: anonymous callers see the status only, {@code ADMIN} users the
 * details ({@code management.endpoint.health.show-details}). Spring Security's CSRF tokens are off
 * because Bulwark's cross-site request protection (Fetch Metadata) refuses cross-site writes
 * before authentication runs, without tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            requests -> requests.requestMatchers("/static/**", "/actuator/health", "/actuator/health/**").permitAll()
                .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
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
