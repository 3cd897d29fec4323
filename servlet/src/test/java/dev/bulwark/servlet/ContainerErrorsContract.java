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

  /**
   * {@code CONNECT}: Tomcat answers 501 itself at the connector, before any filter or error
   * dispatch; Jetty refuses the origin form (and an authority that is not the {@code Host}) as a
   * malformed request and hands the rest to the filter. The client gets the 405 any method the
   * service does not accept gets, with the accepted methods in {@code Allow}, or a 400 for a
   * request line that is malformed as well, counted once as invalid input; never a 5xx that would
   * page someone.
   */
  @Test
  void connectIsThe405MethodProblemWithAllow() throws Exception {
    dev.bulwark.events.SecurityEvent invalid = dev.bulwark.events.SecurityEvent.INVALID_INPUT;
    String[][] requests = {
      {"/api/json", "localhost"}, {"/" + MARKER, "localhost"}, {"localhost:443", "localhost:443"}
    };
    int refusedAsMethod = 0;
    for (String[] request : requests) {
      String target = request[0];
      long before = events().count(invalid);
      RawHttp.Response response = send("CONNECT " + target + " HTTP/1.1", "Host: " + request[1], "X-Echo: " + MARKER);
      assertThat(response.status()).as(target + ": " + response).isIn(400, 405);
      SafeErrorAssert.assertProblem(response, MARKER);
      assertThat(response.header("X-Request-Id")).as(target).matches("[0-9a-f]{32}");
      assertThat(events().count(invalid)).as("CONNECT %s counted once", target).isEqualTo(before + 1);
      if (response.status() == 405) {
        refusedAsMethod++;
        assertThat(response.text()).contains("\"type\":\"urn:bulwark:problem:method-not-allowed\"");
        assertThat(response.header("Allow")).as(target).isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
      }
    }
    assertThat(refusedAsMethod).as("CONNECT the container can parse is a refused method").isPositive();
    assertStillServing();
  }

  /**
   * Tomcat's 501 for a transfer coding it does not know is RFC 9112's answer, not a refused method:
   * it stays a 501 (Jetty answers 400), without {@code Allow}.
   */
  @Test
  void anUnknownTransferCodingIsNotARefusedMethod() throws Exception {
    RawHttp.Response response =
        send("POST /api/json HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: x" + MARKER);
    assertThat(response.status()).as(response.toString()).isIn(400, 501);
    assertThat(response.header("Allow")).isNull();
    assertThat(response.text()).doesNotContain("method-not-allowed").doesNotContain(MARKER);
    assertStillServing();
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
