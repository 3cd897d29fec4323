package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #14, item 4, on Spring Boot: with the application's Thymeleaf error templates ({@code
 * error/404.html}, {@code error.html}), browsers get those pages for a missing page, a throwing
 * handler and Bulwark's own 429 (with its {@code Retry-After}), never the exception's message,
 * class or stack trace although every {@code spring.web.error.include-*} asks for them; API clients
 * keep the problem document.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringSecurityHeadersTest.App.class,
    properties = {
      "spring.thymeleaf.prefix=classpath:/branded-templates/",
      "spring.web.error.include-message=always",
      "spring.web.error.include-stacktrace=always",
      "spring.web.error.include-exception=true",
      "spring.web.error.include-binding-errors=always",
      "bulwark.rate-limit.enabled=true",
      "bulwark.rate-limit.rules[0].name=limited",
      "bulwark.rate-limit.rules[0].paths=/limited/**",
      "bulwark.rate-limit.rules[0].limits=1/1h"
    })
class SpringErrorPagesTest {

  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  /** {@code /boom}'s exception message, its class and a stack frame. */
  static final String[] LEAKS = {"secret database password", "IllegalStateException", "java.lang", "at dev.bulwark"};

  @LocalServerPort int port;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Test
  void aBrowserGetsTheApplicationsNotFoundPage() throws Exception {
    HttpResponse<String> missing = Http.get(uri("/no/such/page"), "Accept", BROWSER);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("Branded page not found").contains("status 404").doesNotContain("Whitelabel");
    assertThat(Http.header(missing, "X-Request-Id")).isNotNull();
    SecureHeadersAssert.assertHtml(missing);
  }

  @Test
  void aBrowserGetsTheApplicationsErrorPageForAThrowingHandlerWithoutTheException() throws Exception {
    HttpResponse<String> boom = Http.get(uri("/boom"), "Accept", BROWSER);
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).contains("Branded error page").contains("status 500");
    for (String leak : LEAKS) {
      assertThat(boom.body()).doesNotContain(leak);
    }
    String nonce = SecureHeadersAssert.assertHtml(boom);
    // The page renders in the request's exchange: its request id, and the nonce of its CSP.
    assertThat(boom.body()).contains("request " + Http.header(boom, "X-Request-Id")).contains("nonce=\"" + nonce + "\"");
  }

  @Test
  void aRateLimitedBrowserGetsTheApplicationsPageWithRetryAfter() throws Exception {
    Http.get(uri("/limited/page"), "Accept", BROWSER);
    HttpResponse<String> limited = Http.get(uri("/limited/page"), "Accept", BROWSER);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("Branded error page").contains("status 429");
    assertThat(Http.header(limited, "Retry-After")).isNotNull();
    SecureHeadersAssert.assertHtml(limited);

    HttpResponse<String> api = Http.get(uri("/limited/page"));
    assertThat(api.statusCode()).isEqualTo(429);
    assertThat(Http.header(api, "Content-Type")).startsWith("application/problem+json");
    assertThat(Http.header(api, "Retry-After")).isNotNull();
  }

  @Test
  void apiClientsKeepTheProblemDocument() throws Exception {
    for (String[] accept : new String[][] {{}, {"Accept", "application/json"}}) {
      HttpResponse<String> missing = Http.get(uri("/no/such/page"), accept);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(Http.header(missing, "Content-Type")).startsWith("application/problem+json");
      assertThat(missing.body()).doesNotContain("Branded");
      HttpResponse<String> boom = Http.get(uri("/boom"), accept);
      assertThat(boom.statusCode()).isEqualTo(500);
      assertThat(Http.header(boom, "Content-Type")).startsWith("application/problem+json");
      for (String leak : LEAKS) {
        assertThat(boom.body()).doesNotContain(leak);
      }
    }
  }
}
