package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.RawConnection.Received;
import dev.bulwark.servlet.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue #12, classes 2 and 6, as an attacker tries them on an example app with its default
 * settings: malformed request headers that containers and frameworks throw on (a charset the JVM
 * does not know, a wildcard media type, a broken quote), JSON declared in another charset, methods
 * the service does not serve, and ambiguous framing. Every answer is a 4xx problem document that
 * echoes nothing, on every kind of path (the API, a page, the health probes), and each refusal is
 * counted as {@code invalid_input}. The app then serves alice's next request with her notes
 * unchanged.
 */
public abstract class HostileClientInputContract extends AliceNotesUnchangedContract {

  private static final String MARKER = "Hx7Input";

  /** Content-Type values that threw in a container or framework before the fix: each is refused. */
  private static final List<String> MALFORMED_TYPES =
      List.of(
          "application/json; charset=foo" + MARKER,
          "application/json; charset=UTF-7",
          "application/json; charset=\"utf-8",
          "application/json; charset=" + "a".repeat(300),
          "text/plain; charset=UTF-7",
          "text/plain; charset=x-" + MARKER,
          "text/plain; charset=\"\"",
          "*/*",
          "text/*",
          "application/*+json",
          "application/json; charset",
          "application/json; =utf-8",
          "application/json;;charset=utf-8 x",
          "application json",
          "/json",
          "application/",
          "application/json; charset=utf-8; boundary=\"" + MARKER);

  /** JSON in a charset other than UTF-8: refused with 415 before any byte is decoded. */
  private static final List<String> JSON_NOT_UTF8 =
      List.of(
          "application/json; charset=ISO-8859-1",
          "application/json; charset=\"windows-1252\"",
          "application/json; charset=UTF-16",
          "application/merge-patch+json; charset=us-ascii");

  /** The health probes, which must never answer 500 whatever the client sends. */
  protected abstract List<String> probePaths();

  /** The path of the Prometheus scrape, open to loopback callers. */
  protected abstract String scrapePath();

  private double invalidInputCount() throws Exception {
    HttpResponse<String> scrape = Http.get(uri(scrapePath()));
    assertThat(scrape.statusCode()).as("the scrape").isEqualTo(200);
    return PrometheusText.sum(scrape.body(), "bulwark_security_events_total", "event=\"invalid_input\"");
  }

  private List<String> paths() {
    List<String> paths = new ArrayList<>(List.of("/api/notes", "/"));
    paths.addAll(probePaths());
    return paths;
  }

  private static void assertClientError(String what, HttpResponse<String> answer, int... statuses) {
    assertThat(answer.statusCode()).as("%s: %s", what, answer.body()).isIn(box(statuses));
    assertThat(Http.header(answer, "Content-Type")).as(what).startsWith("application/problem+json");
    assertThat(answer.body()).as("%s: nothing echoed", what).doesNotContain(MARKER).doesNotContain("aaaaaaaaaa");
    assertThat(answer.body().toLowerCase(Locale.ROOT)).as(what).doesNotContain("exception").doesNotContain("\tat ");
  }

  private static Object[] box(int... values) {
    Object[] boxed = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  @Test
  void malformedContentTypesAreA400Or415OnEveryPathNeverA500() throws Exception {
    double before = invalidInputCount();
    int refused = 0;
    for (String type : MALFORMED_TYPES) {
      for (String path : paths()) {
        String what = "POST " + path + " [" + type.substring(0, Math.min(type.length(), 50)) + "]";
        assertClientError(
            what,
            Http.send("POST", uri(path), "{\"title\":\"" + MARKER + "\"}", "Content-Type", type, "Authorization", basic("alice")),
            400,
            415);
        refused++;
        assertClientError(what.replace("POST", "GET"), Http.get(uri(path), "Content-Type", type, "Authorization", basic("alice")), 400, 415);
        refused++;
      }
    }
    assertThat(invalidInputCount() - before).as("every refusal is counted as invalid input").isGreaterThanOrEqualTo(refused);
  }

  @Test
  void malformedAcceptQueriesAndMultipartAreA4xxOnEveryPathNeverA500() throws Exception {
    double before = invalidInputCount();
    int refused = 0;
    for (String path : paths()) {
      for (String accept : List.of(",", "text", "a/b;q=2", "a/b;q=" + MARKER, "application/json,,*/*")) {
        assertClientError("Accept [" + accept + "] " + path, Http.get(uri(path), "Accept", accept, "Authorization", basic("alice")), 400);
        refused++;
      }
      assertClientError(
          "JSON in UTF-16 " + path,
          Http.get(uri(path), "Accept", "application/json; charset=utf-16", "Authorization", basic("alice")),
          406);
      for (String query : List.of("%", "%zz", "a=%ff", "a=%C3", MARKER + "=%C0%AF")) {
        // Raw, since the JDK's client refuses to send a broken escape.
        Received received =
            RawConnection.exchange(
                port(),
                "GET " + path + "?" + query + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nAuthorization: "
                    + basic("alice") + "\r\nConnection: close\r\n\r\n",
                Duration.ofMillis(300),
                Duration.ofSeconds(10));
        assertThat(received.statuses()).as("?%s %s: %s", query, path, received).containsExactly(400);
        assertThat(received.text()).as("?%s %s", query, path).doesNotContain(MARKER).contains("application/problem+json");
        refused++;
      }
    }
    for (String path : List.of("/static/app.css", "/", "/api/notes")) {
      assertClientError(
          "multipart without a boundary " + path,
          Http.send("POST", uri(path), "zz" + MARKER, "Content-Type", "multipart/form-data", "Authorization", basic("alice")),
          400);
      refused++;
    }
    assertThat(invalidInputCount() - before).as("every refusal is counted as invalid input").isGreaterThanOrEqualTo(refused);
  }

  @Test
  void jsonInAnotherCharsetIsRefusedWith415BeforeAnyByteIsDecoded() throws Exception {
    for (String type : JSON_NOT_UTF8) {
      // ISO-8859-1 would let these bytes through the UTF-8 check if the declared charset were believed.
      HttpResponse<String> answer =
          Http.send("POST", uri("/api/notes"), "{\"title\":\"caf\u00e9 " + MARKER + "\"}", "Content-Type", type, "Authorization", basic("alice"));
      assertClientError(type, answer, 415);
    }
    HttpResponse<String> utf8 =
        Http.send(
            "POST", uri("/api/notes"), "{\"title\":\"x\"}", "Content-Type", "application/json; charset=\"UTF-8\"", "Authorization", basic("alice"));
    assertThat(utf8.statusCode()).as("a quoted UTF-8 is JSON's own charset: not refused by the charset check").isNotIn(415, 400, 500);
    if (utf8.statusCode() == 201) {
      // Leave alice's notes as they were.
      String location = Http.header(utf8, "Location");
      String id = location == null ? utf8.body().replaceAll(".*\"id\":\"?(\\d+).*", "$1") : location.substring(location.lastIndexOf('/') + 1);
      assertThat(Http.send("DELETE", uri("/api/notes/" + id), null, "Authorization", basic("alice")).statusCode()).isIn(200, 204);
    }
  }

  @Test
  void traceTrackAndUnknownMethodsAre405WithAllowAndNeverEchoHeaders() throws Exception {
    for (String method : List.of("TRACE", "TRACK", "PROPFIND", "FOO", "DEBUG")) {
      for (String path : List.of("/api/notes", "/")) {
        Received received =
            RawConnection.exchange(
                port(),
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + MARKER + "\r\nAuthorization: "
                    + basic("alice") + "\r\nConnection: close\r\n\r\n",
                Duration.ofMillis(300),
                Duration.ofSeconds(10));
        String answer = received.text();
        assertThat(received.statuses()).as("%s %s: %s", method, path, answer).containsExactly(405);
        assertThat(answer).as("%s %s echoes nothing", method, path).doesNotContain(MARKER).doesNotContain("Basic ");
        assertThat(answer.toLowerCase(Locale.ROOT)).as(method).contains("\r\nallow: ").contains("application/problem+json");
      }
    }
  }

  /**
   * {@code CONNECT}: Tomcat refuses it at the connector with 501 (a server error in the alerts),
   * Jetty as a malformed request line when the target is a path. Either way a 4xx problem; a
   * refused method where the container parsed one, with {@code Allow}.
   */
  @Test
  void connectIsAClientErrorNeverA501() throws Exception {
    String[][] requests = {{"/api/notes", "localhost"}, {"/", "localhost"}, {"localhost:443", "localhost:443"}};
    int refusedAsMethod = 0;
    for (String[] request : requests) {
      Received received =
          RawConnection.exchange(
              port(),
              "CONNECT " + request[0] + " HTTP/1.1\r\nHost: " + request[1] + "\r\nX-Api-Key: " + MARKER
                  + "\r\nConnection: close\r\n\r\n",
              Duration.ofMillis(300),
              Duration.ofSeconds(10));
      String answer = received.text();
      assertThat(received.statuses()).as("CONNECT %s: %s", request[0], answer).hasSize(1);
      int status = received.statuses().get(0);
      assertThat(status).as("CONNECT %s: %s", request[0], answer).isIn(400, 405);
      assertThat(answer).doesNotContain(MARKER).contains("application/problem+json");
      if (status == 405) {
        refusedAsMethod++;
        assertThat(answer.toLowerCase(Locale.ROOT))
            .contains("\r\nallow: delete, get, head, options, patch, post, put\r\n")
            .contains("urn:bulwark:problem:method-not-allowed");
      }
    }
    assertThat(refusedAsMethod).as("CONNECT the container parsed is a refused method").isPositive();
  }

  @Test
  void contentLengthWithTransferEncodingIsA400() throws Exception {
    String chunked = "0\r\n\r\n";
    for (String order : List.of("CL-TE", "TE-CL")) {
      String lines =
          order.equals("CL-TE")
              ? "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
              : "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n";
      Received received =
          RawConnection.exchange(
              port(),
              "POST /api/notes HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice")
                  + "\r\nContent-Type: application/json\r\n" + lines + "\r\n" + chunked,
              Duration.ofMillis(300),
              Duration.ofSeconds(10));
      assertThat(received.statuses()).as("%s: %s", order, received).containsExactly(400);
    }
  }
}
