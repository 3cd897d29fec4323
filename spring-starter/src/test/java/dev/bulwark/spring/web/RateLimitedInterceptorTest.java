package dev.bulwark.spring.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.core.ConfigException;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.servlet.BulwarkFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

class RateLimitedInterceptorTest {

  static class Handlers {
    @RateLimited(name = "global", limits = "1/1s")
    public String clashes() {
      return "";
    }
  }

  /** The endpoint and the meters find a rule by name alone, so a name may not be used twice. */
  @Test
  void anAnnotationMayNotTakeAConfiguredRulesName() throws Exception {
    BulwarkConfig config =
        BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of("bulwark.rate-limit.enabled", "true"), "test"));
    SecurityEvents events = new SecurityEvents();
    RateLimitedInterceptor interceptor = new RateLimitedInterceptor(new BulwarkFilter(config, events));
    HandlerMethod handler = new HandlerMethod(new Handlers(), Handlers.class.getMethod("clashes"));
    assertThatThrownBy(() -> interceptor.initialize(List.of(handler)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("global")
        .hasMessageContaining("unique");
  }
}
