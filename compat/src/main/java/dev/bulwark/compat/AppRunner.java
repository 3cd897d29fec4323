package dev.bulwark.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Copies, builds, starts and stops the application under test. */
final class AppRunner {

  static final String STARTER_GROUP = "dev.bulwark";
  static final String STARTER_ARTIFACT = "bulwark-spring-boot-starter";

  private AppRunner() {}

  /**
   * Copies the checkout to {@code copy} (without {@code .git} and {@code target} directories), adds
   * the starter to the module's pom when {@code bulwark} is set, and builds it with Maven. Returns the
   * executable jar (or war).
   */
  static Path build(Path checkout, String module, Path copy, boolean bulwark, String starterVersion,
      List<String> mavenArgs, Path buildLog) throws IOException, InterruptedException {
    deleteTree(copy);
    copyTree(checkout, copy);
    Path moduleDir = module.isEmpty() ? copy : copy.resolve(module);
    if (bulwark) {
      PomEditor.addDependency(moduleDir.resolve("pom.xml"), STARTER_GROUP, STARTER_ARTIFACT, starterVersion);
    }
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-DskipTests", "-Dmaven.test.skip=true"));
    command.addAll(mavenArgs);
    command.add("package");
    Process build = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
        .redirectOutput(buildLog.toFile()).start();
    if (!build.waitFor(30, TimeUnit.MINUTES)) {
      build.destroyForcibly();
      throw new IllegalStateException("the build took over 30 minutes; see " + buildLog);
    }
    if (build.exitValue() != 0) {
      throw new IllegalStateException("the build failed (exit " + build.exitValue() + "); see " + buildLog);
    }
    return executable(moduleDir.resolve("target"));
  }

  /** The Spring Boot jar (or war) in a target directory: not the plain, sources, javadoc or tests archive. */
  static Path executable(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      List<Path> archives = files.filter(p -> {
        String n = p.getFileName().toString();
        return (n.endsWith(".jar") || n.endsWith(".war")) && !n.endsWith("-plain.jar") && !n.endsWith("-sources.jar")
            && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar") && !n.endsWith("-plain.war");
      }).sorted().toList();
      if (archives.size() != 1) {
        throw new IllegalStateException("expected one executable archive in " + target + ", found " + archives);
      }
      return archives.get(0);
    }
  }

  /** A started application: its process, port and log. */
  record Running(Process process, int port, Path log) implements AutoCloseable {
    URI origin() {
      return URI.create("http://localhost:" + port + "/");
    }

    @Override
    public void close() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Starts {@code java -jar archive --server.port=PORT [--spring.config.additional-location=file:PROPS] ARGS}
   * and waits until {@code readyPath} answers anything over HTTP. Throws with the log's last lines when
   * the application exits or does not answer within the timeout.
   */
  static Running start(Path archive, Variant variant, List<String> appArgs, String readyPath, Path log,
      Duration timeout) throws IOException, InterruptedException {
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-jar", archive.toString(), "--server.port=" + port));
    variant.properties().ifPresent(p -> command.add("--spring.config.additional-location=file:" + p.toAbsolutePath()));
    command.addAll(appArgs);
    Process process = new ProcessBuilder(command).directory(archive.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Running running = new Running(process, port, log);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = running.origin().resolve(readyPath.startsWith("/") ? readyPath.substring(1) : readyPath);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the application exited (" + process.exitValue() + ") before answering:\n"
            + tail(log, 15));
      }
      try {
        client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        return running;
      } catch (IOException e) {
        Thread.sleep(500);
      }
    }
    running.close();
    throw new IllegalStateException("the application did not answer within " + timeout.toSeconds() + " s:\n" + tail(log, 15));
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!dir.equals(from) && (name.equals(".git") || name.equals("target"))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            StandardCopyOption.REPLACE_EXISTING);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
