package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Requests the container refuses before any filter runs, answered over a raw socket: each is a
 * problem document (or the HTML page for browsers) with the security headers and a request id,
 * echoing nothing of the request, and the server goes on serving.
 */
public abstract class ContainerErrorsContract {

  protected static final String MARKER = "zq7Marker";

  protected abstract int port();

  /** The events the filter and the container's error answers count into. */
  protected abstract dev.bulwark.events.SecurityEvents events();

  /**
   * A target the container refuses after reading the request's headers, so that it can see the
   * {@code Accept} and request id: containers refuse a malformed request line before that.
   */
  protected abstract String targetRefusedAfterTheHeaders();

  protected RawHttp.Response send(String requestLine, String... headerLines) throws Exception {
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    boolean host = false;
    for (String line : headerLines) {
      request.append(line).append("\r\n");
      host |= line.regionMatches(true, 0, "Host:", 0, 5);
    }
    if (!host) {
      request.append("Host: localhost\r\n");
    }
    request.append("Accept: application/json\r\nConnection: close\r\n\r\n");
    return RawHttp.exchange(port(), request.toString());
  }

  protected void assertStillServing() throws Exception {
    RawHttp.Response normal = send("GET /api/json HTTP/1.1");
    assertThat(normal.status()).isEqualTo(200);
    assertThat(normal.text()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void aBadlyEncodedUriIsAProblem() throws Exception {
    RawHttp.Response response = send("GET /" + MARKER + "/% HTTP/1.1");
    assertThat(response.status()).isEqualTo(400);
    SafeErrorAssert.assertProblem(response, MARKER);
    assertThat(response.header("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(response.text()).contains("\"requestId\":\"" + response.header("X-Request-Id") + "\"");
    assertStillServing();
  }

  @Test
  void anInvalidHeaderLineIsAProblem() throws Exception {
    RawHttp.Response response = send("GET /api/json HTTP/1.1", "Bad " + MARKER + ": v");
    assertThat(response.status()).isEqualTo(400);
    SafeErrorAssert.assertProblem(response, MARKER);
    assertStillServing();
  }

  @Test
  void aControlCharacterInTheUriIsAProblem() throws Exception {
    RawHttp.Response response = send("GET /a\u0001" + MARKER + " HTTP/1.1");
    SafeErrorAssert.assertProblemOrClosed(response, MARKER);
    assertStillServing();
  }

  @Test
  void aRequestLineThatIsNoRequestLineIsAProblem() throws Exception {
    RawHttp.Response response = RawHttp.exchange(port(), MARKER + "\r\n\r\n");
    SafeErrorAssert.assertProblemOrClosed(response, MARKER);
    assertStillServing();
  }

  /**
   * The requests the container refuses itself count as invalid input, once each, in the same
   * counters as the filter's refusals: a 20 KB header line, a 20 KB URI, a badly encoded URI.
   */
  @Test
  void malformedRequestsTheContainerRefusesAreCountedAsInvalidInput() throws Exception {
    dev.bulwark.events.SecurityEvent invalid = dev.bulwark.events.SecurityEvent.INVALID_INPUT;
    long before = events().count(invalid);
    assertThat(send("GET /api/json HTTP/1.1", "X-Big: " + "a".repeat(20_000)).status()).isIn(400, 413, 431);
    assertThat(events().count(invalid)).as("after a 20 KB header line").isEqualTo(before + 1);
    assertThat(send("GET /" + "a".repeat(20_000) + " HTTP/1.1").status()).isIn(400, 414);
    assertThat(events().count(invalid)).as("after a 20 KB URI").isEqualTo(before + 2);
    assertThat(send("GET /x/% HTTP/1.1").status()).isEqualTo(400);
    assertThat(events().count(invalid)).as("after a badly encoded URI").isEqualTo(before + 3);
    assertStillServing();
    assertThat(events().count(invalid)).as("a normal request counts nothing").isEqualTo(before + 3);
  }

  @Test
  void aHeaderBlockOverTheContainersLimitIsAProblem() throws Exception {
    RawHttp.Response response = send("GET /api/json HTTP/1.1", "X-Big: " + MARKER + "a".repeat(20_000));
    assertThat(response.status()).isIn(400, 431);
    SafeErrorAssert.assertProblem(response, MARKER);
    assertStillServing();
  }

  @Test
  void aUriOverTheContainersLimitIsAProblem() throws Exception {
    RawHttp.Response response = send("GET /" + MARKER + "a".repeat(20_000) + " HTTP/1.1");
    assertThat(response.status()).isIn(400, 414);
    SafeErrorAssert.assertProblem(response, MARKER);
    assertStillServing();
  }

  @Test
  void aMissingHostIsAProblem() throws Exception {
    RawHttp.Response response = RawHttp.exchange(port(), "GET /api/json HTTP/1.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    assertThat(response.status()).isEqualTo(400);
    SafeErrorAssert.assertProblem(response);
  }

  @Test
  void browsersGetTheHtmlPage() throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(
            port(),
            "GET " + targetRefusedAfterTheHeaders() + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
                + "Connection: close\r\n\r\n");
    SafeErrorAssert.assertHtmlPage(response, MARKER);
    assertThat(response.header("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(response.text()).contains("<h1>400 Bad Request</h1>").contains("Request id: <code>");
  }

  @Test
  void aValidIncomingRequestIdIsKept() throws Exception {
    RawHttp.Response response = send("GET " + targetRefusedAfterTheHeaders() + " HTTP/1.1", "X-Request-Id: trace-" + MARKER);
    assertThat(response.header("X-Request-Id")).isEqualTo("trace-" + MARKER);
    assertThat(response.text()).contains("\"requestId\":\"trace-" + MARKER + "\"");
    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void headRequestsGetTheHeadersAndNoBody() throws Exception {
    RawHttp.Response response = send("HEAD " + targetRefusedAfterTheHeaders() + " HTTP/1.1");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.body()).isEmpty();
  }
}
