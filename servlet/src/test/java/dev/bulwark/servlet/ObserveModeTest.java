package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Observe mode of the drop-in over real HTTP on Jetty: what enforce mode refuses reaches the
 * application, and the adoption report beneath the readiness report says what and how to allow it.
 */
class ObserveModeTest {

  private final List<String> properties = new ArrayList<>();
  private Server server;

  private void set(String key, String value) {
    System.setProperty(key, value);
    properties.add(key);
  }

  @AfterEach
  void clean() throws Exception {
    properties.forEach(System::clearProperty);
    if (server != null) {
      server.stop();
    }
  }

  /** The application: answers every GET and POST under /notes with 200 and "saved". */
  static final class Notes extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("<p>saved</p>");
    }
  }

  private URI start(String mode) throws Exception {
    set("bulwark.mode", mode);
    set("bulwark.limits.max-url-length", "100");
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("notes", new Notes()), "/notes/*");
    context.addServletContainerInitializer(new BulwarkServletContainerInitializer());
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private static HttpResponse<String> crossSitePost(URI base) throws Exception {
    return Http.send(
        "POST", base.resolve("/notes/5"), "text=hi",
        "Content-Type", "application/x-www-form-urlencoded",
        "Origin", "https://evil.example",
        "Sec-Fetch-Site", "cross-site");
  }

  @Test
  void enforceModeRefusesTheRequestsThisTestSends() throws Exception {
    URI base = start("enforce");
    assertThat(crossSitePost(base).statusCode()).isEqualTo(403);
    assertThat(Http.get(base.resolve("/notes/?q=" + "x".repeat(120))).statusCode()).isEqualTo(414);
  }

  @Test
  void observeModeLetsThemThroughAndTheAdoptionReportSaysHowToAllowThem() throws Exception {
    URI base = start("observe");

    HttpResponse<String> post = crossSitePost(base);
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.body()).contains("saved");
    assertThat(Http.get(base.resolve("/notes/?q=" + "x".repeat(120))).statusCode()).isEqualTo(200);

    HttpResponse<String> page = Http.get(base.resolve("/notes/"), "Accept", "text/html");
    assertThat(Http.header(page, "Content-Security-Policy-Report-Only")).contains("script-src");
    assertThat(Http.header(page, "Content-Security-Policy")).isNull();
    assertThat(Http.header(page, "X-Frame-Options")).isNull();

    HttpResponse<String> report = Http.get(base.resolve("/readiness/adoption"));
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(Http.header(report, "Content-Type")).startsWith("application/json");
    assertThat(report.body())
        .startsWith("{\"mode\":\"observe\"")
        .contains("\"protection\":\"cross-site\",\"reason\":\"cross-site-request\",\"status\":403,\"method\":\"POST\",\"route\":\"/notes/{id}\"")
        .contains("bulwark.cross-site.trusted-origins")
        .contains("\"reason\":\"url-too-long\"")
        .contains("bulwark.limits.max-url-length")
        .contains("\"header\":\"X-Frame-Options\"");

    HttpResponse<String> relayed = Http.get(base.resolve("/readiness/adoption"), "X-Forwarded-For", "203.0.113.5");
    assertThat(relayed.statusCode()).as("an outsider relayed through an unlisted proxy").isEqualTo(403);
    assertThat(relayed.body()).doesNotContain("cross-site-request");
  }
}
