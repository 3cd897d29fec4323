package dev.bulwark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests: the one named by {@code REDIS_URL} when set, else a Redis 6.2
 * binary from the embedded-redis jar started on a free loopback port. Never a mock.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private final RedisServer server;
  private final String uri;
  private final int port;

  private EmbeddedRedis(RedisServer server, String uri, int port) {
    this.server = server;
    this.uri = uri;
    this.port = port;
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

  /** Stops the server, simulating an outage. */
  public void stop() throws IOException {
    server.stop();
  }

  /** Starts the server again on the same port after {@link #stop()}. */
  public void restart() throws IOException {
    server.start();
  }

  @Override
  public void close() throws IOException {
    if (server != null && server.isActive()) {
      server.stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
