package dev.bulwark.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests: the one named by {@code REDIS_URL} when set, else a Redis 6.2
 * binary from the embedded-redis jar started on a free loopback port. Never a mock.
 *
 * <p>A server this fixture started can be stopped and restarted (an outage: connections are
 * refused) and paused and resumed with {@code SIGSTOP}/{@code SIGCONT} (a hang: connections stay
 * open, nothing is answered, as when Redis is stuck in a long command or its host stops
 * responding).
 */
public final class EmbeddedRedis implements AutoCloseable {

  private final RedisServer server;
  private final String uri;
  private final int port;
  private volatile long pausedPid = -1;

  private EmbeddedRedis(RedisServer server, String uri, int port) {
    this.server = server;
    this.uri = uri;
    this.port = port;
  }

  /**
   * {@link #start()} for a static field of a Spring test, whose {@code @DynamicPropertySource}
   * needs the server before any {@code @BeforeAll} runs.
   */
  public static EmbeddedRedis startOrFail() {
    try {
      return start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start Redis", e);
    }
  }

  /** Starts a server (or connects to {@code REDIS_URL}). */
  public static EmbeddedRedis start() throws IOException {
    String external = System.getenv("REDIS_URL");
    if (external != null && !external.isBlank()) {
      return new EmbeddedRedis(null, external, -1);
    }
    int port = freePort();
    RedisServer server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .onShutdownForceStop(true)
            .build();
    server.start();
    return new EmbeddedRedis(server, "redis://127.0.0.1:" + port, port);
  }

  /** Returns the server's URI. */
  public String uri() {
    return uri;
  }

  /** Returns whether this fixture controls the server (and so can stop and restart it). */
  public boolean controllable() {
    return server != null;
  }

  /**
   * Returns whether this fixture can also pause the server: it controls it and runs where {@code
   * kill -STOP} exists (not on Windows).
   */
  public boolean pausable() {
    return controllable()
        && !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
        && (new java.io.File("/bin/kill").canExecute() || new java.io.File("/usr/bin/kill").canExecute());
  }

  /** Stops the server, simulating an outage. */
  public void stop() throws IOException {
    resume();
    server.stop();
  }

  /** Starts the server again on the same port after {@link #stop()}. */
  public void restart() throws IOException {
    server.start();
  }

  /**
   * Freezes the server with {@code SIGSTOP}: it keeps every connection open and answers nothing
   * until {@link #resume()}. Its data stays.
   */
  public synchronized void pause() throws IOException {
    if (pausedPid > 0) {
      return;
    }
    long pid = serverPid();
    signal("STOP", pid);
    pausedPid = pid;
  }

  /** Lets a paused server go on with {@code SIGCONT}; it answers every command it has queued. */
  public synchronized void resume() throws IOException {
    long pid = pausedPid;
    if (pid > 0) {
      signal("CONT", pid);
      pausedPid = -1;
    }
  }

  /** Returns whether the server is paused. */
  public boolean paused() {
    return pausedPid > 0;
  }

  /**
   * The server's process id, as Redis itself reports it ({@code INFO server}), checked to be a
   * process this JVM started: a signal never goes anywhere else.
   */
  private long serverPid() throws IOException {
    if (!pausable()) {
      throw new IllegalStateException("this Redis cannot be paused from here");
    }
    String info = info();
    long pid = -1;
    for (String line : info.split("\r\n")) {
      if (line.startsWith("process_id:")) {
        pid = Long.parseLong(line.substring("process_id:".length()).trim());
      }
    }
    long found = pid;
    if (found <= 0 || ProcessHandle.current().descendants().noneMatch(p -> p.pid() == found)) {
      throw new IllegalStateException("Redis reported process " + pid + ", which this JVM did not start");
    }
    return found;
  }

  /** Sends {@code INFO server} in RESP and returns the bulk string it answers. */
  private String info() throws IOException {
    URI parsed = URI.create(uri);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parsed.getHost(), parsed.getPort()), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("Redis closed the connection");
        }
        header.write(b);
      }
      String length = header.toString(StandardCharsets.US_ASCII).trim();
      if (!length.startsWith("$")) {
        throw new IOException("unexpected answer to INFO: " + length);
      }
      return new String(in.readNBytes(Integer.parseInt(length.substring(1))), StandardCharsets.UTF_8);
    }
  }

  private static void signal(String signal, long pid) throws IOException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    try {
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IOException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted sending SIG" + signal, e);
    }
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      // A stopped process would never see the signal that stops it.
      resume();
      if (server.isActive()) {
        server.stop();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
