package dev.bulwark.redis.testing;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters with a replica each: six {@code redis-server} processes on
 * loopback with {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create
 * --cluster-replicas 1}. A node that misses {@code cluster-node-timeout} (1 s) is failed over to its
 * replica. Register with {@code @RegisterExtension static}.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

  private final List<RedisProcess> nodes = new ArrayList<>();
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    RedisProcess.assumeInstalled();
    dir = Files.createTempDirectory("bulwark-cluster");
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int port = clusterPort();
      nodes.add(
          RedisProcess.start(
              dir.resolve("node-" + port), port, "--port", Integer.toString(port), "--cluster-enabled", "yes",
              "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
              // A replica takes over however long ago it last heard its master: on a loaded machine
              // its link may have been down a while, and a test cluster has no better candidate.
              "--cluster-replica-validity-factor", "0"));
      addresses.add("127.0.0.1:" + port);
    }
    List<String> create = new ArrayList<>(List.of("--cluster", "create"));
    create.addAll(addresses);
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    RedisProcess.cli(create.toArray(String[]::new));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::settled);
  }

  /**
   * Every node says the cluster is ok, there are three masters that each serve slots, and every
   * replica has synchronised with its master (or it could not take over).
   */
  private boolean settled() throws IOException {
    for (RedisProcess node : nodes) {
      String port = Integer.toString(node.port());
      if (!RedisProcess.cli("-p", port, "cluster", "info").contains("cluster_state:ok")) {
        return false;
      }
      String replication = RedisProcess.cli("-p", port, "info", "replication");
      if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
        return false;
      }
    }
    return masters().size() == 3;
  }

  /** A port free with its cluster bus port (port + 10000). */
  private static int clusterPort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 29_000);
      try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
          ServerSocket b = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port pair for a cluster node");
  }

  /** The seed nodes as {@code bulwark.rate-limit.redis.uri} takes them with {@code cluster=true}. */
  public String seeds() {
    return nodes.stream().limit(3).map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(",", "redis://", ""));
  }

  /** The ports of the masters that serve slots now, as a live node sees them. */
  public List<Integer> masters() throws IOException {
    List<Integer> masters = new ArrayList<>();
    for (String line : nodesView().split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")) {
        masters.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@'))));
      }
    }
    return masters;
  }

  /** The node that serves the slot of a hash tag now. */
  public RedisProcess masterOf(String hashTag) throws IOException {
    int slot = SlotHash.getSlot(hashTag);
    for (String line : nodesView().split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length <= 8 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        }
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /**
   * The live replica of a master that has synchronised with it (so it can take over without losing
   * what the master acknowledged before), or null.
   */
  public RedisProcess syncedReplicaOf(RedisProcess master) throws IOException {
    String masterId = null;
    String view = nodesView();
    for (String line : view.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length > 2 && fields[1].startsWith("127.0.0.1:" + master.port() + "@")) {
        masterId = fields[0];
      }
    }
    for (String line : view.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length > 3 && fields[2].contains("slave") && !fields[2].contains("fail") && fields[3].equals(masterId)) {
        int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
        RedisProcess replica = nodes.stream().filter(n -> n.port() == port && n.alive()).findFirst().orElse(null);
        if (replica != null && RedisProcess.cli("-p", Integer.toString(port), "info", "replication").contains("master_link_status:up")) {
          return replica;
        }
      }
    }
    return null;
  }

  private String nodesView() throws IOException {
    RedisProcess live = nodes.stream().filter(RedisProcess::alive).findFirst().orElseThrow();
    return RedisProcess.cli("-p", Integer.toString(live.port()), "cluster", "nodes");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (RedisProcess node : nodes) {
      node.close();
    }
    nodes.clear();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
