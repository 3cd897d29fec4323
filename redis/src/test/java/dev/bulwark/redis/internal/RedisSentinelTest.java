package dev.bulwark.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.ratelimit.spi.StoreUnavailableException;
import dev.bulwark.redis.RedisStores;
import dev.bulwark.redis.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store behind Sentinel ({@code redis-sentinel://}): one master, one replica, one
 * sentinel, all real {@code redis-server} processes; the master is failed over during load.
 */
class RedisSentinelTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @TempDir static Path dir;
  private static RedisProcess master;
  private static RedisProcess replica;
  private static RedisProcess sentinel;

  @BeforeAll
  static void start() throws Exception {
    RedisProcess.assumeInstalled();
    int masterPort = RedisProcess.freePort();
    master = RedisProcess.start(dir.resolve("master"), masterPort, "--port", Integer.toString(masterPort));
    int replicaPort = RedisProcess.freePort();
    replica = RedisProcess.start(dir.resolve("replica"), replicaPort, "--port", Integer.toString(replicaPort), "--replicaof", "127.0.0.1", Integer.toString(masterPort));
    int sentinelPort = RedisProcess.freePort();
    Path config = dir.resolve("sentinel.conf");
    Files.createDirectories(dir.resolve("sentinel"));
    Files.writeString(
        config,
        String.join(
            "\n",
            "port " + sentinelPort,
            "dir " + dir.resolve("sentinel"),
            "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1",
            "sentinel down-after-milliseconds mymaster 1000",
            "sentinel failover-timeout mymaster 10000",
            ""));
    sentinel = RedisProcess.start(dir.resolve("sentinel"), sentinelPort, config.toString(), "--sentinel");
    // A failover needs a replica the sentinel knows and that has synchronised.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> RedisProcess.cli("-p", Integer.toString(sentinelPort), "sentinel", "replicas", "mymaster").contains(Integer.toString(replicaPort))
                && RedisProcess.cli("-p", Integer.toString(replicaPort), "info", "replication").contains("master_link_status:up"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (RedisProcess process : new RedisProcess[] {sentinel, replica, master}) {
      if (process != null) {
        process.close();
      }
    }
  }

  private static String masterPort() throws Exception {
    return RedisProcess.cli("-p", Integer.toString(sentinel.port()), "sentinel", "get-master-addr-by-name", "mymaster").split("\n")[1].trim();
  }

  @Test
  void theMasterFailsOverDuringLoadWithNoErrorNoCallPastTheBoundAndQuotasOnTheNewMaster() throws Exception {
    String prefix = "bulwark:sentinel:" + System.nanoTime() + ":";
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            .redis(
                RedisStoreConfig.builder()
                    .uri("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster")
                    .timeout(TIMEOUT)
                    .breakerOpenFor(Duration.ofMillis(500))
                    .keyPrefix(prefix)
                    .build())
            .rules(
                RateLimitRule.builder("load").limits("1000000/1h").onStoreFailure(FailurePolicy.LOCAL_FALLBACK).build(),
                RateLimitRule.builder("quota").limits("5/1h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
            .build();
    assertThat(masterPort()).isEqualTo(Integer.toString(master.port()));
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("load", "warm-up").degraded());

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong answered = new AtomicLong();
      AtomicLong degraded = new AtomicLong();
      AtomicLong slowest = new AtomicLong();
      AtomicLong failedOverAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLong answeredAfter = new AtomicLong();
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int n = offset; running.get(); n += 3) {
                    long start = System.nanoTime();
                    try {
                      RateLimitDecision decision = limiter.tryConsume("load", "client-" + (n % 32));
                      if (decision.degraded()) {
                        degraded.incrementAndGet();
                      } else {
                        answered.incrementAndGet();
                        if (start > failedOverAt.get()) {
                          answeredAfter.incrementAndGet();
                        }
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                  }
                },
                "load-" + t);
        thread.start();
        threads.add(thread);
      }
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > 300);
        RedisProcess.cli("-p", Integer.toString(sentinel.port()), "sentinel", "failover", "mymaster");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> masterPort().equals(Integer.toString(replica.port())));
        // Until the sentinel has turned the old master into a replica, that one still takes writes
        // (Sentinel's own window, lost on resynchronisation); the store's connection to it ends then.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> RedisProcess.cli("-p", Integer.toString(master.port()), "info", "replication").contains("role:slave"));
        failedOverAt.set(System.nanoTime());
        await().atMost(Duration.ofSeconds(60)).until(() -> answeredAfter.get() > 300);
      } finally {
        running.set(false);
        for (Thread thread : threads) {
          thread.join(30_000);
        }
      }

      assertThat(errors).as("exceptions out of the limiter").isEmpty();
      assertThat(limiter.stats().fallbacks("load")).as("every decision the failover left to the failure policy, counted").isGreaterThanOrEqualTo(degraded.get());
      assertThat(Duration.ofNanos(slowest.get()))
          .as("no decision waits past four times the timeout (and a generous allowance for this shared machine)")
          .isLessThan(TIMEOUT.multipliedBy(4).plusSeconds(5));

      // Quotas hold, and are kept on the new master.
      String key = "quota-" + System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !limiter.tryConsume("quota", key).degraded());
      for (int i = 2; i <= 5; i++) {
        RateLimitDecision decision = limiter.tryConsume("quota", key);
        assertThat(decision.degraded()).isFalse();
        assertThat(decision.refused()).as("request %d of 5", i).isFalse();
      }
      RateLimitDecision sixth = limiter.tryConsume("quota", key);
      assertThat(sixth.degraded()).isFalse();
      assertThat(sixth.refused()).as("the sixth of a quota of 5").isTrue();
      assertThat(RedisProcess.cli("-p", Integer.toString(replica.port()), "exists", prefix + "{" + key + "}:quota").trim()).isEqualTo("1");
    }
  }

  /** The ids of the clients whose last command was a script call: the store's connection. */
  private static List<String> scriptClients(RedisProcess server) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : RedisProcess.cli("-p", Integer.toString(server.port()), "client", "list").split("\n")) {
      if (line.contains(" cmd=evalsha ") || line.contains(" cmd=eval ")) {
        ids.add(line.substring(0, line.indexOf(' ')));
      }
    }
    return ids;
  }

  @Test
  void aMasterDemotedBehindTheStoresBackIsLeftForANewConnection() throws Exception {
    int port = RedisProcess.freePort();
    int otherPort = RedisProcess.freePort();
    BucketShape shape = new BucketShape("demoted", List.of(new Limit(100, Duration.ofHours(1))));
    try (RedisProcess server = RedisProcess.start(dir.resolve("demoted"), port, "--port", Integer.toString(port));
        RedisProcess other = RedisProcess.start(dir.resolve("other"), otherPort, "--port", Integer.toString(otherPort));
        RedisStore store = RedisStore.connect(RedisStoreConfig.builder().uri("redis://127.0.0.1:" + port).timeout(Duration.ofSeconds(2)).build())) {
      await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
      store.decide(List.of(Step.take(shape, "k", 1)));
      List<String> before = scriptClients(server);
      assertThat(before).hasSize(1);
      // Made a replica with no sentinel to close its clients' connections: writes answer READONLY.
      RedisProcess.cli("-p", Integer.toString(port), "replicaof", "127.0.0.1", Integer.toString(otherPort));
      Throwable refused = catchThrowable(() -> store.decide(List.of(Step.take(shape, "k", 1))));
      assertThat(refused).isInstanceOf(StoreUnavailableException.class);
      assertThat(refused.getCause()).hasStackTraceContaining("READONLY");
      // The store closed the connection that reached a replica: it is gone from the server's list.
      await().atMost(Duration.ofSeconds(20)).until(() -> !RedisProcess.cli("-p", Integer.toString(port), "client", "list").contains(before.get(0) + " "));
      RedisProcess.cli("-p", Integer.toString(port), "replicaof", "no", "one");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> store.decide(List.of(Step.take(shape, "k", 1))).get(0).allowed());
    }
  }

  @Test
  void theApplicationsClientReachesTheMasterThroughItsOwnSentinelUri() throws Exception {
    String prefix = "bulwark:sentinel-own-uri:" + System.nanoTime() + ":";
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            // Where Bulwark's own client would go: nothing listens there, so a decision proves the
            // store went where the application's client was created to go.
            .redis(RedisStoreConfig.builder().uri("redis://127.0.0.1:1").timeout(TIMEOUT).keyPrefix(prefix).build())
            .rules(RateLimitRule.builder("quota").limits("3/1h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
            .build();
    RedisClient application = RedisClient.create(RedisURI.create("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster"));
    try (RateLimiter limiter = RateLimiter.compile(config, RedisStores.usingCurrentClient(() -> application, false, config.redis()))) {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> !limiter.tryConsume("quota", "k").degraded());
      assertThat(limiter.tryConsume("quota", "k").refused()).isFalse();
      assertThat(limiter.tryConsume("quota", "k").refused()).isFalse();
      RateLimitDecision fourth = limiter.tryConsume("quota", "k");
      assertThat(fourth.degraded()).isFalse();
      assertThat(fourth.refused()).isTrue();
      assertThat(RedisProcess.cli("-p", masterPort(), "exists", prefix + "{k}:quota").trim()).isEqualTo("1");
    } finally {
      // The store closed only its own connection: the application's client still connects.
      try (StatefulRedisConnection<String, String> connection = application.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
      application.shutdown();
    }
  }
}
