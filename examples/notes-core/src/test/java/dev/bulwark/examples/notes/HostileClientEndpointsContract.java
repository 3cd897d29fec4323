package dev.bulwark.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bulwark's own endpoints against clients that send too much or too slowly, over real sockets, as
 * one contract both example apps run: the anonymous CSP report receiver and the health, metrics and
 * readiness endpoints. A declared body over the limit is refused (413) without being read; a
 * chunked body is read no further than the limit; a body trickled a byte at a time holds no request
 * thread past a deadline; and in every case the connection is closed rather than drained, while
 * normal requests keep being answered.
 */
public abstract class HostileClientEndpointsContract {

  /** Where browsers send CSP reports: the default {@code bulwark.headers.csp.report-path}. */
  protected static final String REPORT_PATH = "/bulwark/csp-report";

  /** How long Bulwark waits for a CSP report's body, and a margin for a loaded machine. */
  private static final Duration REPORT_DEADLINE = Duration.ofSeconds(5);

  private static final Duration MARGIN = Duration.ofSeconds(3);

  /** The body the attacker sent: 40 MB. */
  private static final long HUGE = 40L * 1024 * 1024;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");

  /** The port the app listens on. */
  protected abstract int port();

  /** Bulwark's own endpoints in this app that answer GET: health, probes, metrics, readiness report. */
  protected abstract List<String> ownEndpoints();

  // The CSP report receiver ----------------------------------------------------------------------

  @Test
  void reportWithA40MbDeclaredBodyIsRefusedWithoutReadingIt() throws Exception {
    Outcome outcome = attack(head("POST", REPORT_PATH, "Content-Length: " + HUGE, "application/csp-report"), Body.fast(HUGE, false));
    assertRefusedQuickly("40 MB declared report", outcome, 413, Duration.ofSeconds(2));
    assertThat(outcome.sent()).as("bytes the server let the client send").isLessThan(HUGE / 2);
    assertStillServing();
  }

  @Test
  void reportWithA40MbChunkedBodyIsReadNoFurtherThanTheLimit() throws Exception {
    Outcome outcome =
        attack(head("POST", REPORT_PATH, "Transfer-Encoding: chunked", "application/csp-report"), Body.fast(HUGE, true));
    assertRefusedQuickly("40 MB chunked report", outcome, 413, Duration.ofSeconds(2));
    assertThat(outcome.sent()).as("bytes the server let the client send").isLessThan(HUGE / 2);
    assertStillServing();
  }

  @Test
  void reportTrickledAByteAtATimeIsCutOffAtTheDeadline() throws Exception {
    Outcome outcome =
        attack(head("POST", REPORT_PATH, "Content-Length: 2000", "application/csp-report"), Body.trickle(2000, Duration.ofMillis(300)));
    // The trickle would last ten minutes: the answer comes at the deadline.
    assertRefusedQuickly("trickled report", outcome, 408, REPORT_DEADLINE.plus(MARGIN));
    assertThat(outcome.answeredMillis()).as("answered at the deadline, not before: %s", outcome)
        .isGreaterThanOrEqualTo(REPORT_DEADLINE.toMillis() - 500);
    assertStillServing();
  }

  @Test
  void reportTrickledWhileOthersAreServed() throws Exception {
    // The receiver waits for the trickle without a thread: meanwhile a normal report is answered.
    Thread trickle =
        daemon(() -> {
          try {
            attack(head("POST", REPORT_PATH, "Content-Length: 2000", "application/csp-report"), Body.trickle(2000, Duration.ofMillis(300)));
          } catch (IOException ignored) {
            // the other test asserts the trickle's outcome
          }
        });
    Thread.sleep(500);
    long start = System.nanoTime();
    HttpResponse<String> report =
        CLIENT.send(
            HttpRequest.newBuilder(uri(REPORT_PATH)).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/csp-report")
                .POST(HttpRequest.BodyPublishers.ofString("{\"csp-report\":{\"effective-directive\":\"script-src\",\"blocked-uri\":\"inline\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(report.statusCode()).isEqualTo(204);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    trickle.join(REPORT_DEADLINE.plus(MARGIN).toMillis() + 2000);
  }

  // Health, metrics, readiness -------------------------------------------------------------------

  @Test
  void ownEndpointsRefuseA40MbDeclaredBody() throws Exception {
    for (String path : ownEndpoints()) {
      Outcome outcome = attack(head("GET", path, "Content-Length: " + HUGE, "application/json"), Body.fast(HUGE, false));
      assertRefusedQuickly("40 MB declared to " + path, outcome, 413, Duration.ofSeconds(2));
    }
    assertStillServing();
  }

  @Test
  void ownEndpointsDoNotDrainA40MbChunkedBody() throws Exception {
    for (String path : ownEndpoints()) {
      Outcome outcome = attack(head("GET", path, "Transfer-Encoding: chunked", "application/json"), Body.fast(HUGE, true));
      assertClosedQuickly("40 MB chunked to " + path, outcome, Duration.ofSeconds(3));
      assertThat(outcome.sent()).as("%s: bytes the server let the client send: %s", path, outcome).isLessThan(HUGE / 2);
    }
    assertStillServing();
  }

  @Test
  protected void ownEndpointsDoNotWaitForATrickledBody() throws Exception {
    for (String path : ownEndpoints()) {
      Outcome outcome = attack(head("GET", path, "Content-Length: 1000", "application/json"), Body.trickle(1000, Duration.ofMillis(300)));
      assertClosedQuickly("trickled body to " + path, outcome, REPORT_DEADLINE.plus(MARGIN));
    }
    assertStillServing();
  }

  // Helpers --------------------------------------------------------------------------------------

  private URI uri(String path) {
    return URI.create("http://localhost:" + port() + path);
  }

  private static String head(String method, String path, String framing, String contentType) {
    return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nContent-Type: " + contentType
        + "\r\n" + framing + "\r\n\r\n";
  }

  /** The first answer is the status (a problem document), it came soon, and the connection was closed. */
  private static void assertRefusedQuickly(String what, Outcome outcome, int status, Duration within) {
    System.out.println("[hostile-client] " + what + " -> " + outcome);
    assertThat(outcome.status()).as("%s: %s", what, outcome).isEqualTo(status);
    assertThat(outcome.head()).as("%s: %s", what, outcome).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(outcome.answeredMillis()).as("%s answered within %s: %s", what, within, outcome).isLessThan(within.toMillis());
    assertThat(outcome.closedMillis()).as("%s closed within %s: %s", what, within.plus(MARGIN), outcome)
        .isBetween(0L, within.plus(MARGIN).toMillis());
  }

  /** Whatever the answer (never a 5xx), the server closed the connection soon rather than draining it. */
  private static void assertClosedQuickly(String what, Outcome outcome, Duration within) {
    System.out.println("[hostile-client] " + what + " -> " + outcome);
    if (outcome.status() > 0) {
      assertThat(outcome.status()).as("%s: %s", what, outcome).isLessThan(500);
    }
    assertThat(outcome.closedMillis()).as("%s closed within %s: %s", what, within, outcome).isBetween(0L, within.toMillis());
  }

  private void assertStillServing() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> live =
        CLIENT.send(HttpRequest.newBuilder(uri(ownEndpoints().get(0))).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isLessThan(500);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  /**
   * What the server did.
   *
   * @param status the first answer's status, or -1 for none
   * @param head the first answer's head
   * @param answeredMillis from the first byte sent to the first byte received, or -1
   * @param closedMillis from the first byte sent until the server closed the connection, or -1
   * @param sent how many body bytes the client could write
   */
  record Outcome(int status, String head, long answeredMillis, long closedMillis, long sent) {
    @Override
    public String toString() {
      return "status " + status + " after " + answeredMillis + " ms, closed after " + closedMillis + " ms, " + sent
          + " body bytes sent; " + head.replace("\r\n", " | ");
    }
  }

  /** A body a writer thread sends: fast (as the socket takes it) or a byte at a time. */
  record Body(long length, boolean chunked, Duration pause) {
    static Body fast(long length, boolean chunked) {
      return new Body(length, chunked, Duration.ZERO);
    }

    static Body trickle(long length, Duration pause) {
      return new Body(length, false, pause);
    }
  }

  /** Sends the head, then the body from another thread, and reads until the server closes or 20 s pass. */
  private Outcome attack(String head, Body body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
      socket.setSoTimeout(50);
      OutputStream out = socket.getOutputStream();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong sent = new AtomicLong();
      long start = System.nanoTime();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = daemon(() -> write(out, body, stop, sent));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      long answered = -1;
      long closed = -1;
      long deadline = start + Duration.ofSeconds(20).toNanos();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (System.nanoTime() < deadline) {
        try {
          int n = in.read(buffer);
          if (n < 0) {
            closed = (System.nanoTime() - start) / 1_000_000;
            break;
          }
          if (answered < 0) {
            answered = (System.nanoTime() - start) / 1_000_000;
          }
          received.write(buffer, 0, n);
        } catch (SocketTimeoutException nothingYet) {
          // poll again
        } catch (SocketException reset) {
          closed = (System.nanoTime() - start) / 1_000_000;
          break;
        }
      }
      stop.set(true);
      socket.close();
      try {
        writer.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int blank = text.indexOf("\r\n\r\n");
      String answerHead = blank < 0 ? text : text.substring(0, blank);
      Matcher status = STATUS.matcher(answerHead);
      return new Outcome(status.find() ? Integer.parseInt(status.group(1)) : -1, answerHead, answered, closed, sent.get());
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "hostile-client");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void write(OutputStream out, Body body, AtomicBoolean stop, AtomicLong sent) {
    byte[] piece = new byte[body.pause().isZero() ? 16 * 1024 : 1];
    java.util.Arrays.fill(piece, (byte) 'a');
    try {
      while (sent.get() < body.length() && !stop.get()) {
        int n = (int) Math.min(piece.length, body.length() - sent.get());
        if (body.chunked()) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(piece, 0, n);
        if (body.chunked()) {
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        sent.addAndGet(n);
        if (!body.pause().isZero()) {
          out.flush();
          Thread.sleep(body.pause().toMillis());
        }
      }
      if (body.chunked() && !stop.get()) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
    } catch (IOException | InterruptedException closedByTheServer) {
      // the server refused the rest: what the test wants to see
    }
  }
}
