package dev.bulwark.examples.servletnotes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.bulwark.examples.notes.PrometheusText;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A flood of distinct client addresses through a trusted proxy's {@code X-Forwarded-For}, over real
 * HTTP, against the servlet example with the local rate-limit store bounded at a small {@code
 * max-keys}: the store keeps at most that many clients, every flood request is served, and normal
 * requests and the limits still work. The ten-million-address version is {@code
 * benchmarks/run-flood.sh http}; bytes per key come from {@code benchmarks/run-flood.sh measure}
 * (docs/reliability.md).
 */
class NotesServerAddressFloodTest {

  private static final int MAX_KEYS = 1000;
  private static final int ADDRESSES = 20_000;
  private static NotesServer server;
  private static final Logger ACCESS = (Logger) LoggerFactory.getLogger("notes.access");
  private static Level accessLevel;

  @BeforeAll
  static void start() throws Exception {
    // Twenty thousand access-log lines would cost more than the requests.
    accessLevel = ACCESS.getLevel();
    ACCESS.setLevel(Level.WARN);
    System.setProperty("bulwark.client-ip.trusted-proxies", "127.0.0.1/32");
    System.setProperty("bulwark.rate-limit.max-keys", Integer.toString(MAX_KEYS));
    try {
      server = NotesServer.start(0, name -> null);
    } finally {
      System.clearProperty("bulwark.client-ip.trusted-proxies");
      System.clearProperty("bulwark.rate-limit.max-keys");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    ACCESS.setLevel(accessLevel);
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  private static double trackedKeys(String rule) throws Exception {
    return PrometheusText.sum(Http.get(uri("/metrics")).body(), "bulwark_ratelimit_local_keys", "rule=\"" + rule + "\"");
  }

  @Test
  void twentyThousandDistinctAddressesAreAllServedAndTheStoreKeepsAtMostMaxKeys() throws Exception {
    assertThat(trackedKeys("global")).as("the gauge is exported").isGreaterThanOrEqualTo(0);
    AtomicInteger served = new AtomicInteger();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      work.add(clients.submit(() -> {
        for (int i = offset; i < ADDRESSES; i += 4) {
          // 10.0.0.0/8 addresses: each request a client never seen before.
          String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
          int status = Http.get(uri("/health/live"), "X-Forwarded-For", address).statusCode();
          if (status == 200) {
            served.incrementAndGet();
          } else {
            unexpected.add(address + " -> " + status);
          }
        }
        return null;
      }));
    }
    for (Future<?> done : work) {
      done.get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();
    assertThat(unexpected).as("every flood request is served").isEmpty();
    assertThat(served.get()).isEqualTo(ADDRESSES);

    double tracked = trackedKeys("global");
    System.out.println("[address flood, servlet] " + ADDRESSES + " distinct addresses, max-keys " + MAX_KEYS + ": " + (long) tracked + " keys tracked");
    assertThat(tracked).as("clients tracked by rule global after the flood").isBetween(1.0, (double) MAX_KEYS);
    assertThat(trackedKeys("auth-failures")).as("a rule that counts only 401s stores nothing for successful requests").isZero();

    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice"), "X-Forwarded-For", "198.51.100.1").statusCode())
        .as("a normal request after the flood").isEqualTo(200);
    // Sent all at once, so the burst is spent before the bucket refills, however slow a loaded
    // machine answers (sent one by one, a slow server refilled 100 tokens a second as fast as they
    // were taken). Not a static file: those count against the more generous static rule.
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<Void>>> burst = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      burst.add(client.sendAsync(
          java.net.http.HttpRequest.newBuilder(uri("/api/notes")).header("X-Forwarded-For", "198.51.100.2").build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()));
    }
    int refused = 0;
    for (var response : burst) {
      if (response.get(1, TimeUnit.MINUTES).statusCode() == 429) {
        refused++;
      }
    }
    assertThat(refused).as("one address over the burst of 100 is still limited").isPositive();
  }
}
