package dev.bulwark.examples.notes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 connection over a plain socket that reads everything the server sends, for
 * request-smuggling shapes (did a second, smuggled request get an answer of its own?) and stalled
 * clients (did the server answer or close, and when?). Bytes are sent exactly as given; the
 * connection is kept open after them, as a client that wants more or has stalled would.
 */
public final class RawConnection {

  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

  private RawConnection() {}

  /**
   * What came back.
   *
   * @param bytes everything the server sent
   * @param closed whether the server closed (or reset) the connection
   * @param millis from the last byte sent until the server closed it or the read stopped
   */
  public record Received(byte[] bytes, boolean closed, long millis) {

    /** Everything as ISO-8859-1 text, one char per byte. */
    public String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The status of every answer, in order: more than one means the server saw more than one request. */
    public List<Integer> statuses() {
      List<Integer> statuses = new ArrayList<>();
      Matcher line = STATUS_LINE.matcher(text());
      while (line.find()) {
        statuses.add(Integer.parseInt(line.group(1)));
      }
      return statuses;
    }

    /** The answers' texts, split at each status line. */
    public List<String> answers() {
      List<String> answers = new ArrayList<>();
      Matcher line = STATUS_LINE.matcher(text());
      int start = -1;
      while (line.find()) {
        if (start >= 0) {
          answers.add(text().substring(start, line.start()));
        }
        start = line.start();
      }
      if (start >= 0) {
        answers.add(text().substring(start));
      }
      return answers;
    }

    @Override
    public String toString() {
      String text = text();
      return (closed ? "closed" : "open") + " after " + millis + " ms: " + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
    }
  }

  /**
   * Sends the bytes and reads until the server closes the connection, or has been quiet for {@code
   * quiet} after sending something, or {@code max} has passed.
   */
  public static Received exchange(int port, byte[] request, Duration quiet, Duration max) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(50);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException refusedBeforeReadingAll) {
        // The server may answer and close before it has read everything: its answer is still read.
      }
      long sent = System.nanoTime();
      long deadline = sent + max.toNanos();
      long lastByte = 0;
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      InputStream in = socket.getInputStream();
      boolean closed = false;
      while (System.nanoTime() < deadline) {
        if (received.size() > 0 && System.nanoTime() - lastByte > quiet.toNanos()) {
          break;
        }
        try {
          int n = in.read(buffer);
          if (n < 0) {
            closed = true;
            break;
          }
          received.write(buffer, 0, n);
          lastByte = System.nanoTime();
        } catch (SocketTimeoutException nothingYet) {
          // Poll again.
        } catch (SocketException reset) {
          closed = true;
          break;
        }
      }
      return new Received(received.toByteArray(), closed, (System.nanoTime() - sent) / 1_000_000);
    }
  }

  /** {@link #exchange(int, byte[], Duration, Duration)} of text, one byte per char (ISO-8859-1). */
  public static Received exchange(int port, String request, Duration quiet, Duration max) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), quiet, max);
  }
}
