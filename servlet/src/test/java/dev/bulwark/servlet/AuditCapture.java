package dev.bulwark.servlet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what the audit logger {@code dev.bulwark.audit.authz} writes while open. The servlet
 * tests log through slf4j-simple, which looks {@code System.err} up on every line, so a tee on
 * {@code System.err} sees every line the server threads write, and still passes them on.
 */
final class AuditCapture implements AutoCloseable {

  static final String LOGGER = "dev.bulwark.audit.authz";

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  AuditCapture() {
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (captured) {
              captured.write(b);
            }
            original.write(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            synchronized (captured) {
              captured.write(bytes, offset, length);
            }
            original.write(bytes, offset, length);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** The audit lines so far. */
  List<String> lines() {
    return text().lines().filter(line -> line.contains(" " + LOGGER + " ")).toList();
  }

  /** Everything written to {@code System.err} so far, from any logger. */
  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
