package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.DropInWebApp.ServicesFile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drop-in promise on both containers the README names: a web application with
 * {@code bulwark-servlet} in its {@code WEB-INF/lib} and no line of set-up is protected, because
 * Tomcat 11 and Jetty 12 discover the initializer themselves (through the jar's
 * {@code META-INF/services}). Nothing here registers a filter or calls {@code onStartup}. The
 * controls deploy the same jar without its services file: then nothing installs Bulwark, so the
 * protected answers above come from the container's discovery and from nothing else.
 */
class DropInDiscoveryTest {

  /** A rule that sends the RateLimit field on every answer (read by the web application's Bulwark from system properties). */
  private static final Map<String, String> RULE =
      Map.of(
          "bulwark.rate-limit.enabled", "true",
          "bulwark.rate-limit.rules[0].name", "dropin",
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

  @Test
  void tomcatDiscoversTheInitializerInTheWebApplicationsOwnJar() throws Exception {
    try (DropInWebApp app = DropInWebApp.tomcat(ServicesFile.KEPT)) {
      ProtectedOnce.assertProtectedOnce(app.uri(WarDeployment.PROBE));
    }
  }

  @Test
  void jettyDiscoversTheInitializerInTheWebApplicationsOwnJar() throws Exception {
    try (DropInWebApp app = DropInWebApp.jetty(ServicesFile.KEPT)) {
      ProtectedOnce.assertProtectedOnce(app.uri(WarDeployment.PROBE));
    }
  }

  @Test
  void onTomcatTheSameJarWithoutItsServicesFileInstallsNothing() throws Exception {
    try (DropInWebApp app = DropInWebApp.tomcat(ServicesFile.LEFT_OUT)) {
      assertUnprotected(app.uri(WarDeployment.PROBE));
    }
  }

  @Test
  void onJettyTheSameJarWithoutItsServicesFileInstallsNothing() throws Exception {
    try (DropInWebApp app = DropInWebApp.jetty(ServicesFile.LEFT_OUT)) {
      assertUnprotected(app.uri(WarDeployment.PROBE));
    }
  }

  /**
   * An application that orders its fragments absolutely names the ones it wants; the container
   * skips the initializers of every other jar. Bulwark's jar answers to the name in its
   * {@code web-fragment.xml}; an ordering that names no fragment is the control.
   */
  @ParameterizedTest
  @ValueSource(strings = {"tomcat", "jetty"})
  void anAbsoluteOrderingNamesTheJarBulwark(String container) throws Exception {
    try (DropInWebApp app = deploy(container, "<absolute-ordering><name>bulwark</name></absolute-ordering>")) {
      ProtectedOnce.assertProtectedOnce(app.uri(WarDeployment.PROBE));
    }
    try (DropInWebApp app = deploy(container, "<absolute-ordering/>")) {
      assertUnprotected(app.uri(WarDeployment.PROBE));
    }
  }

  private static DropInWebApp deploy(String container, String webXml) throws Exception {
    return container.equals("tomcat")
        ? DropInWebApp.tomcat(ServicesFile.KEPT, webXml)
        : DropInWebApp.jetty(ServicesFile.KEPT, webXml);
  }

  private static void assertUnprotected(URI uri) throws Exception {
    HttpResponse<String> response = Http.get(uri);
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(response.headers().firstValue("X-Request-Id")).as("no request id: Bulwark is not installed").isEmpty();
    assertThat(response.headers().firstValue("RateLimit")).isEmpty();
    assertThat(response.headers().firstValue("X-Content-Type-Options")).isEmpty();
  }
}
