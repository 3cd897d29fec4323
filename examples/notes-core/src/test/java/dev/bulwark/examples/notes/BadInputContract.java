package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.RawHttp;
import dev.bulwark.servlet.SafeErrorAssert;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against an example app over real HTTP, as one contract both apps run: malformed
 * and mistyped JSON, bodies too large (declared and streamed), parser bombs, duplicate keys,
 * control and bidirectional characters, invalid UTF-8, header floods, wrong content types and an
 * expression in a field. Every answer is a 4xx problem document (or, for framing the container
 * cannot parse, a closed connection) that echoes none of the input and names no exception, the
 * app goes on serving, and alice's notes are exactly what they were.
 *
 * <p>Each app runs it on an instance of its own, so its requests never share a rate-limit budget
 * with another contract.
 */
public abstract class BadInputContract extends AliceNotesUnchangedContract {

  /** Put into every rejected value, so an echo anywhere in an answer is caught. */
  private static final String MARKER = "Mk9Rejected";

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> postJson(String json) throws Exception {
    return postBytes(json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private HttpResponse<String> postBytes(byte[] body, String contentType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/api/notes"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", basic("alice"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> assertRefused(int status, String json) throws Exception {
    HttpResponse<String> response = postJson(json);
    assertThat(response.statusCode()).as(abbreviated(json)).isEqualTo(status);
    SafeErrorAssert.assertProblem(response, MARKER);
    return response;
  }

  private static String abbreviated(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  private String rawHead(String method, String target, String... headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\nAccept: application/json\r\nAuthorization: ").append(basic("alice")).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("Connection: close\r\n\r\n").toString();
  }

  @Test
  void malformedJsonIsUnreadable() throws Exception {
    for (String json :
        new String[] {
          "{\"title\":\"" + MARKER, "{title: '" + MARKER + "'}", "{\"title\":\"" + MARKER + "\"}}}", "nul" + MARKER, "",
          "{\"title\":\"" + MARKER + "\",}", "\uFEFF{\"title\":\"" + MARKER + "\"}x"
        }) {
      assertRefused(400, json);
    }
  }

  @Test
  void wrongTypesAreUnreadable() throws Exception {
    for (String json :
        new String[] {
          "{\"title\":{\"" + MARKER + "\":1}}", "{\"title\":[\"" + MARKER + "\"]}", "[{\"title\":\"" + MARKER + "\"}]",
          "\"" + MARKER + "\"", "{\"title\":\"t\",\"body\":{\"" + MARKER + "\":true}}"
        }) {
      HttpResponse<String> response = postJson(json);
      assertThat(response.statusCode()).as(json).isIn(400, 422);
      SafeErrorAssert.assertProblem(response, MARKER);
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    for (long length : new long[] {262_145, 20L * 1024 * 1024, Long.MAX_VALUE / 2}) {
      RawHttp.Response response =
          RawHttp.exchange(
              port(),
              rawHead("POST", "/api/notes", "Content-Type: application/json", "Content-Length: " + length)
                  + "{\"title\":\"" + MARKER);
      assertThat(response.status()).as("Content-Length %s", length).isEqualTo(413);
      SafeErrorAssert.assertProblem(response, MARKER);
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedAsItStreams() throws Exception {
    RawHttp.Response response =
        RawHttp.chunked(
            port(),
            rawHead("POST", "/api/notes", "Content-Type: application/json", "Transfer-Encoding: chunked"),
            (byte) ' ',
            1024 * 1024);
    assertThat(response.status()).isEqualTo(413);
    SafeErrorAssert.assertProblem(response);
    assertThat(response.text()).contains("body-too-large");
  }

  @Test
  void deepNestingIsUnreadable() throws Exception {
    assertRefused(400, "{\"title\":" + "[".repeat(100_000) + "\"" + MARKER + "\"" + "]".repeat(100_000) + "}");
    assertRefused(400, "{\"title\":\"" + MARKER + "\",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}");
  }

  @Test
  void hugeNumbersAreUnreadable() throws Exception {
    // 150 digits would make a valid 150-character title if the parser took them.
    assertRefused(400, "{\"title\":" + "7".repeat(150) + "}");
    assertRefused(400, "{\"title\":" + "7".repeat(5000) + "}");
    assertRefused(400, "{\"title\":\"" + MARKER + "\",\"x\":1e" + "9".repeat(200) + "}");
  }

  @Test
  void duplicateKeysAreUnreadable() throws Exception {
    // Without duplicate detection the second title would be stored.
    assertRefused(400, "{\"title\":\"first\",\"title\":\"" + MARKER + "\"}");
    assertRefused(400, "{\"title\":\"t\",\"body\":\"b\",\"body\":\"" + MARKER + "\"}");
  }

  @Test
  void controlAndBidirectionalCharactersInTitlesAreInvalid() throws Exception {
    for (String title :
        new String[] {
          "a\\u0007" + MARKER, "a\\u0000" + MARKER, MARKER + "\\u202Egnp.exe", "\\u2066" + MARKER + "\\u2069",
          MARKER + "\\u200F", "line\\n" + MARKER, "\\u009B" + MARKER, MARKER + "\\uD800"
        }) {
      HttpResponse<String> response = assertRefused(422, "{\"title\":\"" + title + "\"}");
      assertThat(response.body()).contains("\"pointer\":\"/title\"");
    }
    // A raw control character inside a JSON string is not JSON at all.
    assertRefused(400, "{\"title\":\"a\u0001" + MARKER + "\"}");
  }

  @Test
  void invalidUtf8IsUnreadable() throws Exception {
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xff, (byte) 0xfe}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80},
          {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
        }) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(("{\"title\":\"" + MARKER).getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response = postBytes(body.toByteArray(), "application/json");
      assertThat(response.statusCode()).as("bytes %s", java.util.HexFormat.of().formatHex(bad)).isIn(400, 422);
      SafeErrorAssert.assertProblem(response, MARKER);
    }
  }

  @Test
  void headerFloodsAreRefused() throws Exception {
    String[] many = new String[2 * 120];
    for (int i = 0; i < 120; i++) {
      many[2 * i] = "X-Flood-" + i;
      many[2 * i + 1] = MARKER;
    }
    HttpResponse<String> tooMany = Http.get(uri("/api/notes"), many);
    // Bulwark answers 431 past bulwark.limits.max-header-count (100); Tomcat's own maxHeaderCount
    // (also 100) may refuse first, with 400.
    assertThat(tooMany.statusCode()).isIn(400, 431);
    SafeErrorAssert.assertProblem(tooMany, MARKER);

    RawHttp.Response tooLarge = RawHttp.exchange(port(), rawHead("GET", "/api/notes", "X-Big: " + MARKER + "a".repeat(20_000)));
    assertThat(tooLarge.status()).isIn(400, 431);
    SafeErrorAssert.assertProblem(tooLarge, MARKER);
  }

  @Test
  void bodiesThatAreNotJsonGet415() throws Exception {
    for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/jsonx"}) {
      HttpResponse<String> response = postBytes(("{\"title\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8), type);
      assertThat(response.statusCode()).as(type).isEqualTo(415);
      SafeErrorAssert.assertProblem(response, MARKER);
    }
    HttpResponse<String> untyped = postBytes(("{\"title\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8), null);
    assertThat(untyped.statusCode()).isEqualTo(415);
    SafeErrorAssert.assertProblem(untyped, MARKER);
    assertRefused(400, "<note><title>" + MARKER + "</title></note>");
  }

  @Test
  void anExpressionInAFieldIsNeverEvaluated() throws Exception {
    for (String json :
        new String[] {
          "{\"title\":\"${1+1}<b>\"}", "{\"title\":\"#{1+1}\\u202E\"}", "{\"title\":\"ok\",\"body\":\"${1+1}\\u0007\"}"
        }) {
      HttpResponse<String> response = postJson(json);
      assertThat(response.statusCode()).as(json).isEqualTo(422);
      SafeErrorAssert.assertProblem(response, "${", "#{", "1+1");
    }
  }

  @Test
  void unknownPathsAndMethodsAreProblems() throws Exception {
    HttpResponse<String> missing = Http.get(uri("/api/" + MARKER), "Authorization", basic("alice"));
    assertThat(missing.statusCode()).isEqualTo(404);
    SafeErrorAssert.assertProblem(missing, MARKER);
    HttpResponse<String> wrongMethod = Http.send("DELETE", uri("/api/notes?" + MARKER), null, "Authorization", basic("alice"));
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    SafeErrorAssert.assertProblem(wrongMethod, MARKER);
  }

  @Test
  void requestsTheContainerRefusesItselfAreProblemsToo() throws Exception {
    SafeErrorAssert.assertProblemOrClosed(RawHttp.exchange(port(), rawHead("GET", "/api/" + MARKER + "/%")), MARKER);
    SafeErrorAssert.assertProblemOrClosed(RawHttp.exchange(port(), rawHead("GET", "/api/notes", "Bad " + MARKER + ": v")), MARKER);
    SafeErrorAssert.assertProblemOrClosed(RawHttp.exchange(port(), rawHead("GET", "/api/\u0001" + MARKER)), MARKER);
    SafeErrorAssert.assertProblemOrClosed(RawHttp.exchange(port(), MARKER + " / HTTP/1.1\r\n\r\n"), MARKER);
    SafeErrorAssert.assertProblemOrClosed(
        RawHttp.exchange(
            port(),
            rawHead("POST", "/api/notes", "Content-Type: application/json", "Transfer-Encoding: chunked")
                + "zz\r\n{\"title\":\"" + MARKER + "\"}\r\n0\r\n\r\n"),
        MARKER);
    SafeErrorAssert.assertProblemOrClosed(
        RawHttp.exchange(
            port(),
            rawHead("POST", "/api/notes", "Content-Type: application/json", "Content-Length: 5", "Transfer-Encoding: chunked")
                + "0\r\n\r\n"),
        MARKER);
  }
}
