package dev.bulwark.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.redis.testing.RedisClusterExtension;
import dev.bulwark.redis.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #15's accuracy across a Cluster failover: two instances (two limiters, each with its own
 * client and connection) hammer one client key of a fail-closed rule while the master serving its
 * slot fails over, and never admit more than the limit together. Redis replicates asynchronously:
 * what a master acknowledged and had not yet sent its replica is lost when it dies, and so are the
 * tokens it counted. A coordinated failover ({@code CLUSTER FAILOVER}, what an operator's
 * maintenance does) loses nothing by design, and the limit holds exactly; a master killed outright
 * loses the last writes its replica had not received (none in most runs here, 8 in one), and
 * over-admits by at most those.
 */
class RedisClusterAccuracyTest {

  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  /** Large against what the machine decides before the failover, so tokens are left when it starts. */
  private static final int LIMIT = 3000;
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /**
   * What the burst saw.
   *
   * @param admittedInTheLastWindow admitted from {@link #WINDOW} before the failover began until it
   *     had begun (the master dead): an allowance for what an asynchronous replica may not have
   *     received when its master died, not a measurement of the replication lag
   */
  private record Burst(int admitted, long degraded, long admittedInTheLastWindow, long requests) {}

  /** Longer than a replica on loopback lags its master, even on this loaded machine. */
  private static final Duration WINDOW = Duration.ofMillis(50);

  private static final int THREADS = 16;

  /** A client key whose master has a replica in sync: the one to fail over. */
  private static String keyOnAMasterWithASyncedReplica(String stem) throws Exception {
    // Every master has a replica in sync once the cluster has settled; a few keys find one.
    for (int i = 0; i < 1000; i++) {
      String key = stem + "-" + i;
      RedisProcess master = cluster.masterOf(key);
      if (cluster.syncedReplicaOf(master) != null) {
        return key;
      }
    }
    throw new IllegalStateException("no master with a replica in sync");
  }

  @Test
  void aCoordinatedFailoverDuringABurstAdmitsNoMoreThanTheLimit() throws Exception {
    String key = keyOnAMasterWithASyncedReplica("planned");
    RedisProcess master = cluster.masterOf(key);
    RedisProcess replica = cluster.syncedReplicaOf(master);
    Burst burst = burstAcross(key, () -> RedisProcess.cli("-p", Integer.toString(replica.port()), "cluster", "failover"), master);
    assertThat(burst.admitted()).as("admitted by both instances together").isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void aMasterKilledDuringABurstOverAdmitsAtMostWhatItsReplicaHadNotReceived() throws Exception {
    String key = keyOnAMasterWithASyncedReplica("killed");
    RedisProcess master = cluster.masterOf(key);
    Burst burst = burstAcross(key, master::kill, master);
    assertThat(burst.degraded()).as("the store was unreachable for a while, and refused then (fail-closed)").isPositive();
    // What the replica had received when its master died is all it knows: the tokens of the
    // writes still on their way are lost with the master and admitted again. Only those: the
    // writes of the last moments (and one call per thread in flight), never what came before.
    assertThat(burst.admitted() - LIMIT)
        .as("admitted over the limit by both instances together (%d admitted in the last %d ms before the kill)", burst.admittedInTheLastWindow(), WINDOW.toMillis())
        .isLessThanOrEqualTo((int) burst.admittedInTheLastWindow() + THREADS);
  }

  private interface Failover {
    void start() throws Exception;
  }

  /**
   * Sixteen threads over two limiters ask for the key until a third of the limit is admitted, the
   * master fails over under them, and they go on until the new master has refused 500: the bucket is
   * empty there, and everything it admitted on top of what was admitted before is counted.
   */
  private static Burst burstAcross(String key, Failover failover, RedisProcess master) throws Exception {
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            .redis(
                RedisStoreConfig.builder()
                    .uri(cluster.seeds())
                    .cluster(true)
                    .timeout(TIMEOUT)
                    .breakerOpenFor(Duration.ofMillis(500))
                    .keyPrefix("bulwark:accuracy:" + System.nanoTime() + ":")
                    .build())
            .rules(RateLimitRule.builder("shared").limits(LIMIT + "/24h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
            .build();
    try (RateLimiter first = RateLimiter.compile(config);
        RateLimiter second = RateLimiter.compile(config)) {
      for (RateLimiter limiter : List.of(first, second)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("shared", "warm-up").degraded());
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger admitted = new AtomicInteger();
      AtomicLong degraded = new AtomicLong();
      AtomicLong requests = new AtomicLong();
      AtomicLong failedOverAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLong decidedAfter = new AtomicLong();
      AtomicLong refusedAfter = new AtomicLong();
      long admittedInTheLastWindow;
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        RateLimiter limiter = t % 2 == 0 ? first : second;
        Thread thread =
            new Thread(
                () -> {
                  while (running.get()) {
                    long start = System.nanoTime();
                    try {
                      RateLimitDecision decision = limiter.tryConsume("shared", key);
                      requests.incrementAndGet();
                      if (decision.degraded()) {
                        degraded.incrementAndGet();
                        // A fail-closed refusal is instant: without a pause the threads would
                        // take the CPU the six redis-server processes need to fail over in time.
                        Thread.sleep(1);
                      } else if (start > failedOverAt.get()) {
                        decidedAfter.incrementAndGet();
                        if (decision.refused()) {
                          refusedAfter.incrementAndGet();
                        }
                      }
                      if (!decision.refused()) {
                        admitted.incrementAndGet();
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  }
                },
                "burst-" + t);
        thread.start();
        threads.add(thread);
      }
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> admitted.get() >= LIMIT / 3);
        int windowStart = admitted.get();
        Thread.sleep(WINDOW.toMillis());
        int admittedBefore = admitted.get();
        failover.start();
        admittedInTheLastWindow = admitted.get() - windowStart;
        // While no master serves the slot, the nodes' view has no answer: asked again.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> cluster.masterOf(key) != master);
        failedOverAt.set(System.nanoTime());
        await().atMost(Duration.ofSeconds(90)).until(() -> refusedAfter.get() >= 500);
        System.out.printf(
            "[cluster accuracy] %s: %d requests, admitted %d of %d (%d before the failover began, %d of them in its last %d ms),"
                + " %d refused while Redis could not decide, %d of %d decided by the new master refused%n",
            key, requests.get(), admitted.get(), LIMIT, admittedBefore, admittedInTheLastWindow, WINDOW.toMillis(), degraded.get(),
            refusedAfter.get(), decidedAfter.get());
      } finally {
        running.set(false);
        for (Thread thread : threads) {
          thread.join(30_000);
        }
      }
      assertThat(errors).as("exceptions out of the limiters").isEmpty();
      assertThat(refusedAfter.get()).as("the new master knows the tokens taken before it took over: it runs out").isPositive();
      return new Burst(admitted.get(), degraded.get(), admittedInTheLastWindow, requests.get());
    }
  }
}
