package dev.bulwark.redis.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} process (Debian's, {@code .ci/run} installs it), for what the
 * embedded-redis binary cannot show: TLS, Cluster, Sentinel. Never a mock. Each process works in a
 * directory of its own and is killed with the test.
 */
public final class RedisProcess implements AutoCloseable {

  private static final String SERVER = find("redis-server");
  private static final String CLI = find("redis-cli");

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Skips the calling test where Debian's {@code redis-server} and {@code redis-cli} are missing. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(SERVER != null && CLI != null, "needs redis-server and redis-cli (Debian redis-server, redis-tools; .ci/run installs them)");
  }

  /**
   * Starts {@code redis-server} with the arguments after its own defaults (no persistence, loopback
   * only), and waits until {@code port} accepts connections.
   *
   * @param port the port to wait for (the plain or the TLS port)
   * @param args more arguments, such as {@code --port 7000} or a config file first
   */
  public static RedisProcess start(Path dir, int port, String... args) throws IOException {
    assumeInstalled();
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(SERVER);
    if (args.length > 0 && !args[0].startsWith("--")) {
      command.add(args[0]); // a config file comes first
    }
    boolean sentinel = List.of(args).contains("--sentinel");
    command.addAll(sentinel ? List.of("--bind", "127.0.0.1") : List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    for (int i = args.length > 0 && !args[0].startsWith("--") ? 1 : 0; i < args.length; i++) {
      command.add(args[i]);
    }
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    // A test JVM stopped early (a build cancelled) must not leave servers behind.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    RedisProcess server = new RedisProcess(process, port, dir);
    server.awaitListening();
    return server;
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited: " + Files.readString(dir.resolve("server.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException("redis-server did not listen on " + port + ": " + Files.readString(dir.resolve("server.log")));
  }

  /** Runs {@code redis-cli} with the arguments and returns what it printed; fails on a non-zero exit. */
  public static String cli(String... args) throws IOException {
    assumeInstalled();
    List<String> command = new ArrayList<>();
    command.add(CLI);
    command.addAll(List.of(args));
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!cli.waitFor(60, TimeUnit.SECONDS)) {
        cli.destroyForcibly();
        throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
      }
      String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (cli.exitValue() != 0) {
        throw new IOException("redis-cli " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Runs {@code openssl} with the arguments in {@code dir}; fails on a non-zero exit. */
  public static void openssl(Path dir, String... args) throws IOException {
    String openssl = find("openssl");
    Assumptions.assumeTrue(openssl != null, "needs openssl");
    List<String> command = new ArrayList<>();
    command.add(openssl);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Returns a port nothing listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Returns the port this process was started to listen on. */
  public int port() {
    return port;
  }

  /** Returns whether the process runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL): a master that dies without a word. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static String find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      File file = new File(dir, name);
      if (file.canExecute()) {
        return file.getPath();
      }
    }
    File debian = new File("/usr/bin", name);
    return debian.canExecute() ? debian.getPath() : null;
  }
}
