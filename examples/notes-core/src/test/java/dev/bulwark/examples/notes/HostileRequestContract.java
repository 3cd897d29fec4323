package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.RawConnection.Received;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests at the protocol level, over raw sockets, as one contract both example apps run
 * (each on an instance of its own): request-smuggling shapes, invalid UTF-8 and overlong encodings
 * in the path and in header values, duplicate and conflicting headers, absurd {@code
 * Content-Length}s, stalled bodies and headers, very many parameters, NUL and CR in headers.
 *
 * <p>Every answer is a client error (or the connection is closed): never a 5xx, never a stack
 * trace, an exception's name or the server's name and version. A smuggled request hidden in a body
 * never gets an answer of its own, and (it would create a note) alice's notes are exactly what they
 * were after each test; the app then serves the next normal request. Malformed JSON, invalid UTF-8
 * in bodies, oversized bodies and header blocks are {@link BadInputContract}'s.
 */
public abstract class HostileRequestContract extends AliceNotesUnchangedContract {

  /** Put into every hostile value, so an echo anywhere in an answer is caught. */
  private static final String MARKER = "Hx7Hostile";

  /** Lower-case fragments that only a leak would put in an answer. */
  private static final List<String> LEAKS =
      List.of("exception", "\tat ", "at java.", "at org.", "caused by", "jetty", "tomcat", "apache", "stack trace", "jackson");

  /** How long to listen after an answer for a second one, the smuggled request's. */
  private static final Duration QUIET = Duration.ofMillis(500);

  private static final Duration MAX = Duration.ofSeconds(15);

  /**
   * How long the app's container waits for a client that stalls (its idle or connection timeout,
   * set small for this test).
   */
  protected abstract Duration idleTimeout();

  @AfterEach
  void noSmuggledNote() throws Exception {
    assertThat(aliceNotes()).as("alice's notes after the hostile requests").doesNotContain(MARKER);
  }

  /** A request that creates a note as alice: hidden in a body, it must never run. */
  private static String smuggled() {
    String json = "{\"title\":\"" + MARKER + "-smuggled\"}";
    return "POST /api/notes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice")
        + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
  }

  /** A request head: the request line, Host, alice's credentials, the extra lines, the blank line. */
  private static String head(String requestLine, String... lines) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\nAuthorization: ").append(basic("alice")).append("\r\n");
    for (String line : lines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private Received send(String request) throws Exception {
    return RawConnection.exchange(port(), request, QUIET, MAX);
  }

  private Received send(byte[] request) throws Exception {
    return RawConnection.exchange(port(), request, QUIET, MAX);
  }

  /**
   * The answer is one of the statuses (or none: the connection closed), there is no second answer,
   * and nothing leaks. A 5xx passes only when listed (501, which RFC 9112 prescribes for a transfer
   * coding the server does not know).
   */
  private static void assertRefused(String what, Received received, Integer... statuses) {
    List<Integer> answered = received.statuses();
    assertThat(answered.size()).as("%s: answers (a second would be a smuggled request's): %s", what, received).isLessThanOrEqualTo(1);
    if (answered.isEmpty()) {
      assertThat(received.closed()).as("%s: no answer, so the connection must be closed: %s", what, received).isTrue();
    } else {
      assertThat(answered.get(0)).as("%s: %s", what, received).isIn((Object[]) statuses);
    }
    assertSafe(what, received, statuses);
  }

  /**
   * A request with both {@code Content-Length} and {@code Transfer-Encoding}: RFC 9112 lets the
   * server refuse it (400) or read it by the transfer coding alone and then close the connection,
   * so that no byte after the chunked body can be read as a request. Either way one answer, a 4xx
   * (or a listed status, such as 501 for a transfer coding the server does not know).
   */
  private static void assertFramingConflictRefused(String what, Received received, Integer... alsoAllowed) {
    List<Integer> answered = received.statuses();
    assertThat(answered.size()).as("%s: answers (a second would be a smuggled request's): %s", what, received).isLessThanOrEqualTo(1);
    Set<Integer> refusals = new java.util.HashSet<>(Set.of(alsoAllowed));
    refusals.add(400);
    if (answered.isEmpty() || !refusals.contains(answered.get(0))) {
      assertThat(received.closed()).as("%s: read by its transfer coding, so the connection must close: %s", what, received).isTrue();
    }
    if (!answered.isEmpty()) {
      assertThat(answered.get(0) >= 400 && answered.get(0) <= 499 || refusals.contains(answered.get(0))).as("%s: %s", what, received).isTrue();
    }
    assertSafe(what, received, alsoAllowed);
  }

  /**
   * No answer names the server or carries a stack trace, an exception or the marker, and none is a
   * 5xx unless listed.
   */
  private static void assertSafe(String what, Received received, Integer... allowed) {
    // One line per case in the test's output, for docs/reliability.md's table of what each container answers.
    System.out.println("[hostile] " + what.replace("\r", "\\r").replace("\u0000", "\\0") + " -> "
        + (received.statuses().isEmpty() ? "no answer" : received.statuses()) + (received.closed() ? ", closed" : ", kept open")
        + " after " + received.millis() + " ms");
    for (String answer : received.answers()) {
      String lower = answer.toLowerCase(Locale.ROOT);
      int blank = answer.indexOf("\r\n\r\n");
      String head = blank < 0 ? lower : lower.substring(0, blank);
      String body = blank < 0 ? "" : lower.substring(blank + 4);
      assertThat(head).as("%s: the server is not named: %s", what, answer).doesNotContain("\r\nserver:").doesNotContain("x-powered-by");
      for (String leak : LEAKS) {
        assertThat(body).as("%s: the body leaks %s: %s", what, leak, answer).doesNotContain(leak);
      }
      assertThat(answer).as("%s: the answer echoes the request: %s", what, answer).doesNotContain(MARKER);
      int status = Integer.parseInt(answer.substring(9, 12));
      assertThat(status < 500 || Set.of(allowed).contains(status)).as("%s: never a server error: %s", what, answer).isTrue();
    }
  }

  // Request smuggling -------------------------------------------------------------------------

  @Test
  void contentLengthAndTransferEncodingTogetherNeverLetASecondRequestThrough() throws Exception {
    String chunkedEnd = "0\r\n\r\n" + smuggled();
    assertFramingConflictRefused(
        "CL then TE",
        send(head("GET /api/notes HTTP/1.1", "Content-Length: " + chunkedEnd.length(), "Transfer-Encoding: chunked") + chunkedEnd));
    assertFramingConflictRefused(
        "TE then CL",
        send(head("GET /api/notes HTTP/1.1", "Transfer-Encoding: chunked", "Content-Length: " + chunkedEnd.length()) + chunkedEnd));
    // A front end that counts chunks passes it all; a back end that trusts Content-Length (4 bytes:
    // the chunk-size line) would read the chunk's data as a second request.
    String chunk = Integer.toHexString(smuggled().length()) + "\r\n";
    assertFramingConflictRefused(
        "TE.CL desync",
        send(head("GET /api/notes HTTP/1.1", "Transfer-Encoding: chunked", "Content-Length: " + chunk.length()) + chunk + smuggled() + "\r\n0\r\n\r\n"));
  }

  @Test
  void conflictingContentLengthsAreRefused() throws Exception {
    assertRefused(
        "two Content-Length lines",
        send(head("POST /api/notes HTTP/1.1", "Content-Type: application/json", "Content-Length: 0", "Content-Length: " + smuggled().length()) + smuggled()),
        400);
    assertRefused(
        "a Content-Length list",
        send(head("POST /api/notes HTTP/1.1", "Content-Type: application/json", "Content-Length: 0, " + smuggled().length()) + smuggled()),
        400);
  }

  @Test
  void obfuscatedTransferEncodingsNeverLetASecondRequestThrough() throws Exception {
    String body = "0\r\n\r\n" + smuggled();
    String[][] shapes = {
      {"chunked, identity", "Transfer-Encoding: chunked, identity"},
      {"chunked, then identity on a second line", "Transfer-Encoding: chunked", "Transfer-Encoding: identity"},
      {"space before the colon", "Transfer-Encoding : chunked"},
      {"xchunked", "Transfer-Encoding: xchunked"},
      {"chunked in quotes", "Transfer-Encoding: \"chunked\""},
      {"obs-fold", "Transfer-Encoding:", " chunked"},
      {"vertical tab", "Transfer-Encoding:\u000bchunked"},
    };
    for (String[] shape : shapes) {
      String[] lines = new String[shape.length];
      System.arraycopy(shape, 1, lines, 0, shape.length - 1);
      lines[shape.length - 1] = "Content-Length: " + body.length();
      // Each also declares a Content-Length, so a server that reads "chunked" after all (RFC 9112
      // lets it unfold an obs-fold) has a framing conflict: it must close after answering.
      assertFramingConflictRefused("Transfer-Encoding " + shape[0], send(head("POST /api/notes HTTP/1.1", lines) + body), 501);
    }
  }

  @Test
  void bareLineFeedsAndCarriageReturnsAreRefusedOrReadAsOneRequest() throws Exception {
    // RFC 9112 lets a server read a bare LF as a line end, so a 200 for one GET is allowed here;
    // what must never happen is a second answer or a 5xx.
    String lf = ("GET /api/notes HTTP/1.1\nHost: localhost\nAuthorization: " + basic("alice") + "\n\n");
    Received bareLf = send(lf);
    assertRefused("bare LF line ends", bareLf, 200, 400);
    String cr = ("GET /api/notes HTTP/1.1\rHost: localhost\rAuthorization: " + basic("alice") + "\r\r");
    assertRefused("bare CR line ends", send(cr), 400);
    String mixed = head("POST /api/notes HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: chunked")
        + "0\n\n" + smuggled();
    assertRefused("bare LF in the chunked framing", send(mixed), 400);
  }

  // Encodings ---------------------------------------------------------------------------------

  @Test
  void invalidAndOverlongUtf8InThePathIsRefused() throws Exception {
    for (String path :
        new String[] {
          "/api/notes/%C0%AF", "/api/notes/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd", "/static/%C0%AE%C0%AE%C0%AF%C0%AE%C0%AE%C0%AFpom.xml",
          "/api/%FF%FE" + MARKER, "/api/notes/%E0%80%AF", "/api/notes/%ED%A0%80", "/static/%F8%88%80%80%80",
          "/api/notes/%C0"
        }) {
      assertRefused(path, send(head("GET " + path + " HTTP/1.1")), 400, 404);
    }
    for (byte[] raw :
        new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0x80}}) {
      assertRefused("raw bytes " + java.util.HexFormat.of().formatHex(raw) + " in the path", send(rawLine(raw)), 400, 404);
    }
  }

  private static byte[] rawLine(byte[] raw) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes("GET /api/notes/".getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(raw);
    request.writeBytes((" HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return request.toByteArray();
  }

  @Test
  void invalidUtf8InHeaderValuesIsRefusedOrNeverEchoed() throws Exception {
    // A request id of invalid UTF-8 is either refused or replaced: never echoed.
    Received requestId = send(headBytes("GET /api/notes HTTP/1.1", "X-Request-Id: " + MARKER, new byte[] {(byte) 0xC0, (byte) 0xAF}));
    assertRefused("X-Request-Id of invalid UTF-8", requestId, 200, 400);
    if (requestId.statuses().equals(List.of(200))) {
      assertThat(requestId.text()).containsPattern("(?i)\r\nX-Request-Id: [0-9a-f]{32}\r\n");
    }
    // Credentials that are not UTF-8: no user.
    String badCredentials = Base64.getEncoder().encodeToString(new byte[] {'a', 'l', 'i', 'c', 'e', (byte) 0xFF, ':', 'x'});
    assertRefused(
        "Basic credentials of invalid UTF-8",
        send("GET /api/notes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + badCredentials + "\r\n\r\n"),
        400, 401);
    assertRefused(
        "raw bytes in Authorization",
        send(headBytesNoAuth("GET /api/notes HTTP/1.1", "Authorization: Basic ", new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0xAF})),
        400, 401);
    assertRefused(
        "raw bytes in Host",
        send(("GET /api/notes HTTP/1.1\r\nHost: local\u00c0\u00afhost\r\nAuthorization: " + basic("alice") + "\r\n\r\n")),
        400);
  }

  private static byte[] headBytes(String requestLine, String prefix, byte[] raw) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes((requestLine + "\r\nHost: localhost\r\nAuthorization: " + basic("alice") + "\r\n" + prefix).getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(raw);
    request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return request.toByteArray();
  }

  private static byte[] headBytesNoAuth(String requestLine, String prefix, byte[] raw) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes((requestLine + "\r\nHost: localhost\r\n" + prefix).getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(raw);
    request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return request.toByteArray();
  }

  // Duplicate and conflicting headers ---------------------------------------------------------

  @Test
  void twoHostHeadersAreRefused() throws Exception {
    assertRefused(
        "two Host headers",
        send("GET /api/notes HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nAuthorization: " + basic("alice") + "\r\n\r\n"),
        400);
    assertRefused(
        "two equal Host headers",
        send("GET /api/notes HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nAuthorization: " + basic("alice") + "\r\n\r\n"),
        400);
  }

  @Test
  void twoAuthorizationHeadersAreRefused() throws Exception {
    // A proxy that checks one and an app that uses the other would disagree on who is calling.
    assertRefused(
        "two Authorization headers",
        send("GET /api/notes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("bob") + "\r\nAuthorization: " + basic("alice") + "\r\n\r\n"),
        400, 401);
  }

  @Test
  void twoRequestIdsAreRefusedOrReplaced() throws Exception {
    Received received = send(head("GET /api/notes HTTP/1.1", "X-Request-Id: first-" + MARKER, "X-Request-Id: second-" + MARKER));
    assertRefused("two X-Request-Id headers", received, 200, 400);
    assertThat(received.text()).containsPattern("(?i)\r\nX-Request-Id: [0-9a-f]{32}\r\n");
  }

  // Absurd Content-Length ---------------------------------------------------------------------

  @Test
  void absurdContentLengthsAreRefused() throws Exception {
    for (String length : new String[] {"-1", "9223372036854775808", "99999999999999999999999", "abc", "1e3", "0x10", "+5", "5 5", "", " "}) {
      Received received =
          send(head("POST /api/notes HTTP/1.1", "Content-Type: application/json", "Content-Length: " + length) + "{\"title\":\"" + MARKER + "\"}");
      assertRefused("Content-Length '" + length + "'", received, 400, 413);
    }
  }

  // Stalled clients ---------------------------------------------------------------------------

  @Test
  void aBodyThatStallsIsTimedOutNotWaitedForForever() throws Exception {
    String head = head("POST /api/notes HTTP/1.1", "Content-Type: application/json", "Content-Length: 100");
    Received received = RawConnection.exchange(port(), head + "{\"title\":\"" + MARKER, QUIET, idleTimeout().plusSeconds(10));
    assertThat(received.closed() || !received.statuses().isEmpty())
        .as("the server answered or closed within its idle timeout and a margin: %s", received).isTrue();
    assertRefused("a stalled body", received, 400, 408);
  }

  @Test
  void headersThatStallAreTimedOutNotWaitedForForever() throws Exception {
    Received received =
        RawConnection.exchange(port(), "GET /api/notes HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + MARKER, QUIET, idleTimeout().plusSeconds(10));
    assertThat(received.closed() || !received.statuses().isEmpty())
        .as("the server answered or closed within its idle timeout and a margin: %s", received).isTrue();
    assertRefused("stalled headers", received, 400, 408);
  }

  // Parameters --------------------------------------------------------------------------------

  @Test
  void tenThousandQueryParametersAreRefused() throws Exception {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      query.append(i == 0 ? "" : "&").append('p').append(i).append("=1");
    }
    assertRefused("10,000 query parameters", send(head("GET /api/notes?" + query + " HTTP/1.1")), 400, 414, 431);
  }

  @Test
  void tenThousandFormParametersAreRefused() throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      form.append(i == 0 ? "" : "&").append('p').append(i).append("=1");
    }
    for (String target : new String[] {"POST /api/notes", "PUT /api/notes/1", "POST /"}) {
      Received received =
          send(head(target + " HTTP/1.1", "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + form.length()) + form);
      assertRefused("10,000 form parameters to " + target, received, 400, 403, 405, 413, 415);
    }
  }

  // Control characters ------------------------------------------------------------------------

  @Test
  void nulAndCarriageReturnInHeadersAreRefused() throws Exception {
    for (String line : new String[] {"X-Test: a\u0000" + MARKER, "X-Test: a\r" + MARKER, "X-Te\u0000st: " + MARKER, "X-Test\r: " + MARKER}) {
      assertRefused(line.replace("\u0000", "\\0").replace("\r", "\\r"), send(head("GET /api/notes HTTP/1.1", line)), 400);
    }
  }
}
