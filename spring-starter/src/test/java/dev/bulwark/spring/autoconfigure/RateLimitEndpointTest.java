package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.spring.actuate.RateLimitEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The rate-limit endpoint's operations, called directly: which limiter answers, and the 404s. */
class RateLimitEndpointTest {

  private static BulwarkConfig config(String rateLimiting) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of("bulwark.rate-limit.enabled", rateLimiting), "test"));
  }

  private static RateLimitRule exports() {
    return RateLimitRule.builder("exports").limits("2/1h").key("principal").build();
  }

  @Test
  void unknownRulesAre404ProblemsEvenWithRateLimitingOff() {
    BulwarkFilter filter = new BulwarkFilter(config("false"));
    RateLimitEndpoint endpoint = new RateLimitEndpoint(filter.assembly().rateLimits());

    WebEndpointResponse<Map<String, Object>> inspected = endpoint.inspect("global", new String[] {"ip:192.0.2.1"});
    assertThat(inspected.getStatus()).isEqualTo(404);
    assertThat(inspected.getContentType()).hasToString("application/problem+json");
    assertThat(inspected.getBody()).containsEntry("status", 404).doesNotContainValue("global");
    assertThat(endpoint.reset("global", new String[] {"ip:192.0.2.1"}).getStatus()).isEqualTo(404);
    assertThat(endpoint.rules()).containsEntry("enabled", false).containsEntry("rules", List.of());
  }

  @Test
  void configuredAndAnnotatedRulesAreBothReachable() {
    BulwarkFilter filter = new BulwarkFilter(config("true"));
    filter.assembly().rateLimits().addHandlerRules(List.of(exports()));
    RateLimiter annotated = filter.rateLimiter();
    RateLimitEndpoint endpoint = new RateLimitEndpoint(filter.assembly().rateLimits());

    assertThat(endpoint.inspect("global", new String[] {"ip:192.0.2.1"}).getBody()).containsEntry("remaining", 100L);
    annotated.tryConsume("exports", "u:ann");
    annotated.tryConsume("exports", "u:ann");
    WebEndpointResponse<Map<String, Object>> exhausted = endpoint.inspect("exports", new String[] {"u:ann"});
    assertThat(exhausted.getStatus()).isEqualTo(200);
    assertThat(exhausted.getBody()).containsEntry("state", "rejected").containsEntry("remaining", 0L);

    assertThat(endpoint.reset("exports", new String[] {"u:ann"}).getStatus()).isEqualTo(204);
    assertThat(endpoint.inspect("exports", new String[] {"u:ann"}).getBody()).containsEntry("remaining", 2L);
    assertThat(endpoint.inspect("no-such-rule", new String[] {"u:ann"}).getStatus()).isEqualTo(404);
    assertThat(endpoint.rules()).containsEntry("annotatedRules", List.of("exports"));
    filter.destroy();
  }
}
