package dev.bulwark.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that no HTTP client library sends: malformed request
 * lines, header lines and URIs, a declared length with no body, bodies streamed past a limit. The
 * request is written on a thread of its own while the answer is read, so a server that answers
 * before reading the whole body (and then closes) is still heard.
 */
public final class RawHttp {

  private RawHttp() {}

  /**
   * One answer, or none.
   *
   * @param status the status code, or -1 when the server closed the connection without answering
   * @param headers the header fields by lower-case name
   * @param body the body bytes (chunked bodies decoded)
   */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {

    /** Returns whether the server closed the connection without a word. */
    public boolean closedWithoutAnswer() {
      return status < 0;
    }

    /** Returns the first value of a header, or {@code null}. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Returns the body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + "\n" + text();
    }
  }

  /** Sends the bytes as they are and reads the answer. */
  public static Response exchange(int port, byte[] request) throws IOException {
    return exchange(port, request, null, 0);
  }

  /** Sends the text (ISO-8859-1, so every char is one byte) as it is and reads the answer. */
  public static Response exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends a request head (ending in the blank line) and then a chunked body of {@code bodyBytes}
   * bytes of {@code filler}, 8 KiB per chunk, and reads the answer.
   */
  public static Response chunked(int port, String head, byte filler, long bodyBytes) throws IOException {
    return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), filler, bodyBytes);
  }

  private static Response exchange(int port, byte[] head, Byte filler, long chunkedBytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(head);
                  if (filler != null) {
                    byte[] chunk = new byte[8192];
                    java.util.Arrays.fill(chunk, filler);
                    long left = chunkedBytes;
                    while (left > 0) {
                      int n = (int) Math.min(chunk.length, left);
                      out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                      out.write(chunk, 0, n);
                      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                      left -= n;
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                  }
                  out.flush();
                } catch (IOException serverStoppedReading) {
                  // Expected when the server refuses the request before reading all of it.
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    try {
      while (headEnd < 0) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        received.write(buffer, 0, n);
        headEnd = indexOf(received.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
    } catch (SocketException reset) {
      // A reset before any answer: the same as closing without one.
    }
    byte[] all = received.toByteArray();
    if (headEnd < 0) {
      return new Response(-1, Map.of(), all);
    }
    String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(all, headEnd + 4, all.length - headEnd - 4);
    List<String> length = headers.get("content-length");
    long expected = length == null ? Long.MAX_VALUE : Long.parseLong(length.get(0));
    try {
      while (body.size() < expected) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        body.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | SocketException endOfAnswer) {
      // Whatever arrived is the answer.
    }
    byte[] bytes = body.toByteArray();
    List<String> encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
      bytes = dechunk(bytes);
    }
    return new Response(status, headers, bytes);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] needle) {
    return indexOf(data, 0, needle);
  }

  private static int indexOf(byte[] data, int from, byte[] needle) {
    outer:
    for (int i = from; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
