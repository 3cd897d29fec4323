package dev.bulwark.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.redis.testing.RedisClusterExtension;
import dev.bulwark.redis.RedisStores;
import dev.bulwark.redis.testing.RedisProcess;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on a real three-master Redis Cluster, through a master's failover. */
class RedisClusterTest {

  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  private static final Pattern SCRIPT_CALLS = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)");
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private static RedisStoreConfig.Builder config(String prefix) {
    return RedisStoreConfig.builder().uri(cluster.seeds()).cluster(true).timeout(TIMEOUT).breakerOpenFor(Duration.ofMillis(500)).keyPrefix(prefix);
  }

  /** Script calls (EVALSHA and EVAL) all masters have run since their statistics were reset. */
  private static long scriptCalls() throws IOException {
    long calls = 0;
    for (int port : cluster.masters()) {
      Matcher matcher = SCRIPT_CALLS.matcher(RedisProcess.cli("-p", Integer.toString(port), "info", "commandstats"));
      while (matcher.find()) {
        calls += Long.parseLong(matcher.group(1));
      }
    }
    return calls;
  }

  private static void resetStats() throws IOException {
    for (int port : cluster.masters()) {
      RedisProcess.cli("-p", Integer.toString(port), "config", "resetstat");
    }
  }

  /** A client key whose slot another master serves than {@code other}'s. */
  private static String keyOnAnotherMaster(String other) throws IOException {
    RedisProcess master = cluster.masterOf(other);
    for (int i = 0; ; i++) {
      String key = "u:user-" + i;
      if (cluster.masterOf(key) != master) {
        return key;
      }
    }
  }

  @Test
  void aRequestCostsOneScriptCallPerClientKeyAndStopsWhereOneCallWould() throws Exception {
    BucketShape tight = new BucketShape("tight", List.of(new Limit(1, Duration.ofHours(1))));
    BucketShape loose = new BucketShape("loose", List.of(new Limit(5, Duration.ofHours(1))));
    BucketShape other = new BucketShape("other", List.of(new Limit(5, Duration.ofHours(1))));
    String address = "ip:192.0.2.1";
    String user = keyOnAnotherMaster(address);
    try (RedisStore store = RedisStore.connect(config("bulwark:slots:" + System.nanoTime() + ":").build())) {
      await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
      store.decide(List.of(Step.estimate(loose, "warm-up", 1)));

      resetStats();
      // The default rules key every step by address: one slot, one call.
      assertThat(store.decide(List.of(Step.take(other, address, 1), Step.take(loose, address, 1))))
          .extracting(Answer::status)
          .containsExactly(Answer.Status.ALLOWED, Answer.Status.ALLOWED);
      assertThat(scriptCalls()).as("steps keyed by one client").isEqualTo(1);

      resetStats();
      // An address and a user are two slots on two masters: two calls, no CROSSSLOT.
      assertThat(store.decide(List.of(Step.take(tight, address, 1), Step.take(loose, user, 1))))
          .extracting(Answer::status)
          .containsExactly(Answer.Status.ALLOWED, Answer.Status.ALLOWED);
      assertThat(scriptCalls()).as("steps keyed by two clients").isEqualTo(2);

      // The first refuses: the user's step is not asked and takes nothing, as in one call.
      resetStats();
      assertThat(store.decide(List.of(Step.take(tight, address, 1), Step.take(loose, user, 1))))
          .extracting(Answer::status)
          .containsExactly(Answer.Status.REFUSED);
      assertThat(scriptCalls()).isEqualTo(1);
      assertThat(store.decide(List.of(Step.estimate(loose, user, 1))).get(0).remaining()).as("the user's step took nothing").isEqualTo(4);
    }
  }

  @Test
  void aMasterFailsOverDuringLoadWithNoErrorNoCallPastTheBoundAndQuotasAfterwards() throws Exception {
    RateLimitConfig config =
        RateLimitConfig.builder()
            .enabled(true)
            .store(RateLimitConfig.StoreType.REDIS)
            .redis(config("bulwark:failover:" + System.nanoTime() + ":").build())
            .rules(
                RateLimitRule.builder("load").limits("1000000/1h").onStoreFailure(FailurePolicy.LOCAL_FALLBACK).build(),
                RateLimitRule.builder("quota").limits("5/1h").onStoreFailure(FailurePolicy.FAIL_CLOSED).build())
            .build();
    int keys = 48;
    // Chosen before the failover: a quota key the failing master serves.
    RedisProcess victim = cluster.masterOf("client-0");
    String quotaKey = null;
    for (int i = 0; quotaKey == null; i++) {
      if (cluster.masterOf("quota-" + i) == victim) {
        quotaKey = "quota-" + i;
      }
    }
    try (RateLimiter limiter = RateLimiter.compile(config)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !limiter.tryConsume("load", "warm-up").degraded());

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong answered = new AtomicLong();
      AtomicLong degraded = new AtomicLong();
      AtomicLong slowest = new AtomicLong();
      AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLongArray answeredAfterKill = new AtomicLongArray(keys);
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int n = offset; running.get(); n += 3) {
                    int k = n % keys;
                    long start = System.nanoTime();
                    try {
                      RateLimitDecision decision = limiter.tryConsume("load", "client-" + k);
                      if (decision.degraded()) {
                        degraded.incrementAndGet();
                      } else {
                        answered.incrementAndGet();
                        if (start > killedAt.get()) {
                          answeredAfterKill.incrementAndGet(k);
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
        killedAt.set(System.nanoTime());
        victim.kill();

        // The replica takes over: every key, the failed master's among them, reaches Redis again.
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  for (int k = 0; k < keys; k++) {
                    if (answeredAfterKill.get(k) == 0) {
                      return false;
                    }
                  }
                  return true;
                });
      } finally {
        running.set(false);
        for (Thread thread : threads) {
          thread.join(30_000);
        }
      }

      assertThat(errors).as("exceptions out of the limiter").isEmpty();
      assertThat(degraded.get()).as("decisions the failover left to the failure policy").isPositive();
      assertThat(limiter.stats().fallbacks("load")).as("counted").isPositive();
      assertThat(Duration.ofNanos(slowest.get()))
          .as("no decision waits past four times the timeout (and a generous allowance for this shared machine)")
          .isLessThan(TIMEOUT.multipliedBy(4).plusSeconds(5));

      // Quotas hold again on the slots the replica took over.
      String key = quotaKey;
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !limiter.tryConsume("quota", key).degraded());
      for (int i = 2; i <= 5; i++) {
        RateLimitDecision decision = limiter.tryConsume("quota", key);
        assertThat(decision.degraded()).isFalse();
        assertThat(decision.refused()).as("request %d of 5", i).isFalse();
      }
      RateLimitDecision sixth = limiter.tryConsume("quota", key);
      assertThat(sixth.degraded()).isFalse();
      assertThat(sixth.refused()).as("the sixth of a quota of 5").isTrue();
    }
  }

  @Test
  void theApplicationsClusterClientDecidesAcrossSlotsAndOutlivesTheStore() throws Exception {
    List<RedisURI> seeds = new ArrayList<>();
    for (int port : cluster.masters()) {
      seeds.add(RedisURI.create("redis://127.0.0.1:" + port));
    }
    RedisClusterClient application = RedisClusterClient.create(seeds);
    try {
      BucketShape shape = new BucketShape("app", List.of(new Limit(1, Duration.ofHours(1))));
      String address = "ip:192.0.2.7";
      String user = keyOnAnotherMaster(address);
      RedisStoreConfig config = RedisStoreConfig.builder().keyPrefix("bulwark:app-cluster:" + System.nanoTime() + ":").timeout(TIMEOUT).build();
      try (RateLimitStore store = RedisStores.using(application, config)) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> store.decide(List.of(Step.estimate(shape, "warm-up", 1))) != null);
        assertThat(store.decide(List.of(Step.take(shape, address, 1), Step.take(shape, user, 1))))
            .extracting(Answer::status)
            .containsExactly(Answer.Status.ALLOWED, Answer.Status.ALLOWED);
        assertThat(store.decide(List.of(Step.take(shape, user, 1)))).extracting(Answer::status).containsExactly(Answer.Status.REFUSED);
      }
      assertThat(application.connect().sync().ping()).isEqualTo("PONG");
    } finally {
      application.shutdown();
    }
  }
}
