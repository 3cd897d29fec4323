package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvents;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, item 4: the application's own {@code <error-page>}s stay for browsers, on Jetty and on
 * Tomcat, for the errors the application sends, the exceptions it throws and Bulwark's own
 * refusals (a 429 keeps its {@code Retry-After}); the page never sees the exception, its message
 * or its class; API clients keep the problem document; a status without a page gets Bulwark's.
 */
class ApplicationErrorPagesTest {

  static final String MARKER = "Branded error page of the app";
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  /** From {@link TestServlets.Boom}'s exception message, and its class. */
  static final String[] LEAKS = {"jdbc:postgresql", "/etc/app/config", "IllegalStateException", "java.lang"};

  /** The application's error page: prints every attribute it is given, to show what it could leak. */
  static final class BrandedErrorPage extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/html;charset=UTF-8");
      StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body><h1>" + MARKER + "</h1><dl>");
      for (String name : Collections.list(req.getAttributeNames())) {
        page.append("<dt>").append(name).append("</dt><dd>").append(req.getAttribute(name)).append("</dd>");
      }
      page.append("<p>status ").append(req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)).append("</p>");
      page.append("<p>exception ").append(req.getAttribute(RequestDispatcher.ERROR_EXCEPTION)).append("</p>");
      page.append("<p>message ").append(req.getAttribute(RequestDispatcher.ERROR_MESSAGE)).append("</p>");
      resp.getWriter().write(page.append("</dl></body></html>").toString());
    }
  }

  static BulwarkConfig config() {
    return BulwarkConfigLoader.load(
        ConfigSource.fromMap(
            Map.of(
                "bulwark.rate-limit.enabled", "true",
                "bulwark.rate-limit.rules[0].name", "limited",
                "bulwark.rate-limit.rules[0].paths", "/limited/**",
                "bulwark.rate-limit.rules[0].limits", "1/1h"),
            "test"));
  }

  static TestServer jettyWithPages() throws Exception {
    return JettyTestServer.startWith(
        new BulwarkFilter(config()),
        context -> {
          ErrorPageErrorHandler pages = new ErrorPageErrorHandler();
          pages.addErrorPage(404, "/oops");
          pages.addErrorPage(429, "/oops");
          pages.addErrorPage(500, 599, "/oops");
          context.setErrorHandler(pages);
          context.addServlet(new ServletHolder(new BrandedErrorPage()), "/oops");
        });
  }

  static TestServer tomcatWithPages() throws Exception {
    return TomcatTestServer.start(
        config(),
        true,
        new SecurityEvents(),
        context -> {
          org.apache.catalina.startup.Tomcat.addServlet(context, "oops", new BrandedErrorPage());
          context.addServletMappingDecoded("/oops", "oops");
          for (int status : new int[] {404, 429, 500}) {
            ErrorPage page = new ErrorPage();
            page.setErrorCode(status);
            page.setLocation("/oops");
            context.addErrorPage(page);
          }
        });
  }

  @Test
  void jettyKeepsTheApplicationsErrorPagesForBrowsers() throws Exception {
    try (TestServer server = jettyWithPages()) {
      assertApplicationPagesForBrowsers(server.port());
    }
  }

  @Test
  void tomcatKeepsTheApplicationsErrorPagesForBrowsers() throws Exception {
    try (TestServer server = tomcatWithPages()) {
      assertApplicationPagesForBrowsers(server.port());
    }
  }

  @Test
  void withoutAnErrorPageBrowsersGetBulwarksPage() throws Exception {
    try (TestServer server = JettyTestServer.startWith(new BulwarkFilter(config()))) {
      HttpResponse<String> missing = Http.get(uri(server.port(), "/missing"), "Accept", BROWSER);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).doesNotContain(MARKER).contains("Not Found");
      HttpResponse<String> boom = Http.get(uri(server.port(), "/boom"), "Accept", BROWSER);
      assertThat(boom.statusCode()).isEqualTo(500);
      assertThat(boom.body()).doesNotContain(MARKER).doesNotContain(LEAKS[0]);
    }
  }

  static void assertApplicationPagesForBrowsers(int port) throws Exception {
    HttpResponse<String> missing = Http.get(uri(port, "/missing"), "Accept", BROWSER);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains(MARKER).contains("status 404");
    assertThat(Http.header(missing, "X-Request-Id")).isNotNull();
    SecureHeadersAssert.assertHtml(missing);

    HttpResponse<String> boom = Http.get(uri(port, "/boom"), "Accept", BROWSER);
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).contains(MARKER).contains("status 500").contains("exception null");
    for (String leak : LEAKS) {
      assertThat(boom.body()).doesNotContain(leak);
    }
    SecureHeadersAssert.assertHtml(boom);

    // Bulwark's own refusal: the app's page, the status and the Retry-After.
    assertThat(Http.get(uri(port, "/limited/a"), "Accept", BROWSER).statusCode()).isEqualTo(404);
    HttpResponse<String> limited = Http.get(uri(port, "/limited/a"), "Accept", BROWSER);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains(MARKER).contains("status 429");
    assertThat(Http.header(limited, "Retry-After")).isNotNull();

    // API clients: the problem document, as before.
    for (String[] accept : new String[][] {{}, {"Accept", "application/json"}}) {
      HttpResponse<String> api = Http.get(uri(port, "/missing"), accept);
      assertThat(api.statusCode()).isEqualTo(404);
      assertThat(Http.header(api, "Content-Type")).startsWith("application/problem+json");
      assertThat(api.body()).doesNotContain(MARKER);
      HttpResponse<String> apiBoom = Http.get(uri(port, "/boom"), accept);
      assertThat(apiBoom.statusCode()).isEqualTo(500);
      assertThat(apiBoom.body()).doesNotContain(MARKER).doesNotContain(LEAKS[0]);
      HttpResponse<String> apiLimited = Http.get(uri(port, "/limited/a"), accept);
      assertThat(apiLimited.statusCode()).isEqualTo(429);
      assertThat(Http.header(apiLimited, "Content-Type")).startsWith("application/problem+json");
    }

    // A status the app has no page for (405): Bulwark's page.
    HttpResponse<String> wrongMethod = Http.send("DELETE", uri(port, "/page"), null, "Accept", BROWSER);
    assertThat(wrongMethod.body()).doesNotContain(MARKER);
  }

  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
