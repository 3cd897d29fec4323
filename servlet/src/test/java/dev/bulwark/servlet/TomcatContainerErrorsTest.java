package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.servlet.tomcat.BulwarkErrorReportValve;
import java.nio.file.Files;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tomcat's own rejections through {@code BulwarkErrorReportValve}, over a raw socket. */
class TomcatContainerErrorsTest extends ContainerErrorsContract {

  private static TomcatTestServer server;

  private static final dev.bulwark.events.SecurityEvents EVENTS = new dev.bulwark.events.SecurityEvents();

  @BeforeAll
  static void start() throws Exception {
    server = TomcatTestServer.start(BulwarkConfig.defaults(), true, EVENTS);
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

  /** Tomcat decodes the URI after reading the headers, and refuses a bad escape then. */
  @Override
  protected String targetRefusedAfterTheHeaders() {
    return "/" + MARKER + "/%";
  }

  @Test
  void aPathNoContextServesIsA404Problem() throws Exception {
    Tomcat bare = new Tomcat();
    bare.setBaseDir(Files.createTempDirectory("bulwark-tomcat").toString());
    bare.setPort(0);
    bare.getConnector().setProperty("address", "127.0.0.1");
    bare.addContext("/app", Files.createTempDirectory("bulwark-app").toString());
    bare.getHost().getPipeline().addValve(new BulwarkErrorReportValve(BulwarkConfig.defaults()));
    ((StandardHost) bare.getHost()).setErrorReportValveClass(BulwarkErrorReportValve.class.getName());
    bare.start();
    try {
      RawHttp.Response response =
          RawHttp.exchange(
              bare.getConnector().getLocalPort(),
              "GET /elsewhere/" + MARKER + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).isEqualTo(404);
      SafeErrorAssert.assertProblem(response, MARKER);
    } finally {
      bare.stop();
      bare.destroy();
    }
  }
}
