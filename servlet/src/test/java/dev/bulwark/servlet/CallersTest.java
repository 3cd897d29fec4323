package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The resolved client and the trusted-range test, as code after the filter sees them. */
class CallersTest {

  /** Answers "address trusted" for the request it serves. */
  static final class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Predicate<HttpServletRequest> loopback = Callers.inRanges(List.of("127.0.0.0/8", "::1"));

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().print(Callers.address(request) + " " + loopback.test(request));
    }
  }

  @Test
  void theClientIsTheOneResolvedThroughTrustedProxies() throws Exception {
    var config = BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of("bulwark.client-ip.trusted-proxies", "127.0.0.1/32"), "test"));
    try (JettyTestServer server = JettyTestServer.startWithServlet(config, new WhoServlet(), "/who")) {
      assertThat(Http.get(server.uri("/who")).body()).isEqualTo("127.0.0.1 true");
      assertThat(Http.get(server.uri("/who"), "X-Forwarded-For", "203.0.113.45").body()).isEqualTo("203.0.113.45 false");
    }
  }

  @Test
  void forwardedHeadersFromAnUnlistedProxyAreNeverTrusted() throws Exception {
    try (JettyTestServer server = JettyTestServer.startWithServlet(new WhoServlet(), "/who")) {
      assertThat(Http.get(server.uri("/who")).body()).isEqualTo("127.0.0.1 true");
      assertThat(Http.get(server.uri("/who"), "X-Forwarded-For", "127.0.0.2").body())
          .as("loopback relaying someone through a proxy nobody listed")
          .isEqualTo("127.0.0.1 false");
    }
  }
}
