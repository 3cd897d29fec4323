package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter is installed, and runs, exactly once per request in every shape the servlet drop-in
 * is deployed in, over real HTTP: each request gets one request id, no security header twice and
 * one token taken from its rate-limit bucket.
 */
class SingleInstallationTest {

  /** A rule that sends the RateLimit field on every answer, so a double charge shows. */
  private static final Map<String, String> RULE =
      Map.of(
          "bulwark.rate-limit.enabled", "true",
          "bulwark.rate-limit.rules[0].name", "once",
          "bulwark.rate-limit.rules[0].limits", "100/1h",
          "bulwark.rate-limit.rules[0].key", "ip");

  @BeforeEach
  void rule() {
    RULE.forEach(System::setProperty);
  }

  @AfterEach
  void clear() {
    RULE.keySet().forEach(System::clearProperty);
  }

  private static BulwarkConfig config() {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(RULE, "test"));
  }

  @Test
  void jettyWithTheInitializer() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithInitializer()) {
      ProtectedOnce.assertProtectedOnce(server.uri("/api/json"));
    }
  }

  @Test
  void tomcatDiscoversTheInitializerItself() throws Exception {
    try (WarDeployment war = WarDeployment.tomcat()) {
      ProtectedOnce.assertProtectedOnce(war.uri(WarDeployment.PROBE));
    }
  }

  @Test
  void jettyDiscoversTheInitializerItself() throws Exception {
    try (WarDeployment war = WarDeployment.jetty("^$")) {
      ProtectedOnce.assertProtectedOnce(war.uri(WarDeployment.PROBE));
    }
  }

  /** web.xml, say, registered the filter as {@code bulwark} before the initializer ran. */
  @Test
  void theInitializerStepsAsideForAFilterAlreadyNamedBulwark() throws Exception {
    try (JettyTestServer server =
        JettyTestServer.startWithInitializer(context -> {
          FilterHolder own = new FilterHolder(new BulwarkFilter(config()));
          own.setName(BulwarkServletContainerInitializer.FILTER_NAME);
          context.addFilter(own, "/*", EnumSet.of(DispatcherType.REQUEST));
        })) {
      ProtectedOnce.assertProtectedOnce(server.uri("/api/json"));
      assertThat(server.servletContext().getAttribute(BulwarkServletContainerInitializer.INSTALLED_ATTRIBUTE))
          .as("the initializer installed nothing")
          .isNull();
    }
  }

  /**
   * Two Bulwark filters under different names, counting into the same events: the second finds
   * the request protected and passes it through, so a forwarded header from an untrusted peer is
   * counted once.
   */
  @Test
  void aSecondBulwarkFilterInTheChainPassesTheRequestThrough() throws Exception {
    SecurityEvents events = new SecurityEvents();
    try (JettyTestServer server =
        JettyTestServer.startWithInitializer(context -> {
          context.setAttribute(BulwarkServletContainerInitializer.EVENTS_ATTRIBUTE, events);
          FilterHolder own = new FilterHolder(new BulwarkFilter(config(), events));
          own.setName("application-bulwark");
          context.addFilter(own, "/*", EnumSet.of(DispatcherType.REQUEST));
        })) {
      ProtectedOnce.assertProtectedOnce(server.uri("/api/json"));
      assertThat(Http.get(server.uri("/api/json"), "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(200);
      assertThat(events.count(SecurityEvent.UNTRUSTED_FORWARDED)).isEqualTo(1);
    }
  }
}
