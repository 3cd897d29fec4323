package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jetty's own rejections through {@code BulwarkJettyErrorHandler}, over a raw socket. */
class JettyContainerErrorsTest extends ContainerErrorsContract {

  private static JettyTestServer server;

  private static final dev.bulwark.events.SecurityEvents EVENTS = new dev.bulwark.events.SecurityEvents();

  @BeforeAll
  static void start() throws Exception {
    server = JettyTestServer.startWithErrorHandler(BulwarkConfig.defaults(), EVENTS);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Override
  protected dev.bulwark.events.SecurityEvents events() {
    return EVENTS;
  }

  @Override
  protected int port() {
    return server.port();
  }

  /** Jetty parses the URI, then refuses an ambiguous segment once the request is complete. */
  @Override
  protected String targetRefusedAfterTheHeaders() {
    return "/api/" + MARKER + "/%2e%2e/json";
  }

  @Test
  void jettyNamesTheRightStatusForOversizedParts() throws Exception {
    assertThat(send("GET /api/json HTTP/1.1", "X-Big: " + "a".repeat(20_000)).status()).isEqualTo(431);
    assertThat(send("GET /" + "a".repeat(20_000) + " HTTP/1.1").status()).isEqualTo(414);
  }

  @Test
  void aPathNoContextServesIsA404Problem() throws Exception {
    org.eclipse.jetty.server.Server bare = new org.eclipse.jetty.server.Server();
    org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
    http.setSendServerVersion(false);
    org.eclipse.jetty.server.ServerConnector connector =
        new org.eclipse.jetty.server.ServerConnector(bare, new org.eclipse.jetty.server.HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    bare.addConnector(connector);
    bare.setErrorHandler(new dev.bulwark.servlet.jetty.BulwarkJettyErrorHandler(BulwarkConfig.defaults()));
    bare.setHandler(new org.eclipse.jetty.ee11.servlet.ServletContextHandler("/app"));
    bare.start();
    try {
      RawHttp.Response response =
          RawHttp.exchange(
              connector.getLocalPort(),
              "GET /elsewhere/" + MARKER + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).isEqualTo(404);
      SafeErrorAssert.assertProblem(response, MARKER);
    } finally {
      bare.stop();
    }
  }

  @Test
  void anAmbiguousPathIsAProblemWithoutTheUri() throws Exception {
    RawHttp.Response response = send("GET /api/" + MARKER + "/%2e%2e/json HTTP/1.1", "Host: " + MARKER + ".example");
    assertThat(response.status()).isEqualTo(400);
    SafeErrorAssert.assertProblem(response, MARKER);
  }

}
