package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.CspConfig;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

/**
 * Assertions for error answers: a client error, a problem document (or the minimal HTML page), and
 * nothing that leaks: no rejected input, no stack trace, no exception class, no server name.
 */
public final class SafeErrorAssert {

  /** Lower-case fragments that only a leak would put in an error body. */
  private static final List<String> LEAKS =
      List.of(
          "exception", "\tat ", "at java.", "at org.", "at dev.", "caused by", "jetty", "tomcat", "jackson",
          "apache", "servlet", "stack", "/etc/", "jdbc:", "sql");

  private SafeErrorAssert() {}

  /** A 4xx problem document over {@code java.net.http}, echoing none of the rejected values. */
  public static void assertProblem(HttpResponse<String> response, String... rejected) {
    assertClientError(response.statusCode(), Http.header(response, "Content-Type"), response.body(), response.toString(), rejected);
    assertThat(response.headers().firstValue("Server")).as("server name").isEmpty();
  }

  /**
   * A 4xx problem document over a raw socket, echoing none of the rejected values, with the
   * security headers of a non-HTML response.
   */
  public static void assertProblem(RawHttp.Response response, String... rejected) {
    assertClientError(response.status(), response.header("Content-Type"), response.text(), response.toString(), rejected);
    assertThat(response.header("Server")).as("server name").isNull();
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Content-Security-Policy")).isEqualTo(CspConfig.DEFAULT_API_POLICY);
    assertThat(response.header("Cache-Control")).contains("no-store");
  }

  /**
   * A 4xx problem document over a raw socket, or no answer at all: the container may close the
   * connection on framing it cannot parse.
   */
  public static void assertProblemOrClosed(RawHttp.Response response, String... rejected) {
    if (!response.closedWithoutAnswer()) {
      assertProblem(response, rejected);
    }
  }

  /** The minimal HTML page for browsers, with the HTML policy and nothing echoed. */
  public static void assertHtmlPage(RawHttp.Response response, String... rejected) {
    assertThat(response.status()).as(response.toString()).isBetween(400, 499);
    assertThat(response.header("Content-Type")).startsWith("text/html");
    assertThat(response.text()).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("<style");
    assertNoLeak(response.text(), rejected);
    assertThat(response.header("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
  }

  private static void assertClientError(int status, String contentType, String body, String whole, String... rejected) {
    assertThat(status).as(whole).isBetween(400, 499);
    assertThat(contentType).as(whole).startsWith("application/problem+json");
    assertThat(body).as(whole).startsWith("{\"type\":").contains("\"status\":" + status);
    assertNoLeak(body, rejected);
  }

  private static void assertNoLeak(String body, String... rejected) {
    String lower = body.toLowerCase(Locale.ROOT);
    for (String leak : LEAKS) {
      assertThat(lower).as("error body leaks %s: %s", leak, body).doesNotContain(leak);
    }
    for (String value : rejected) {
      assertThat(body).as("error body echoes the rejected input").doesNotContain(value);
    }
  }
}
