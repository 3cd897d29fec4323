package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import dev.bulwark.testing.EmbeddedRedis;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the servlet example sharing one real Redis, over real HTTP. Settings come in
 * as system properties, as an operator would pass them.
 */
class NotesServerRedisTest {

  private final List<String> properties = new ArrayList<>();

  private void set(String key, String value) {
    System.setProperty(key, value);
    properties.add(key);
  }

  @AfterEach
  void clear() {
    properties.forEach(System::clearProperty);
  }

  private void configure(EmbeddedRedis redis, String limit, String policy, String timeout) {
    set("bulwark.rate-limit.store", "redis");
    set("bulwark.rate-limit.redis.uri", redis.uri());
    set("bulwark.rate-limit.redis.timeout", timeout);
    set("bulwark.rate-limit.redis.key-prefix", "notes-test:" + System.nanoTime() + ":");
    set("bulwark.rate-limit.rules[0].name", "notes");
    set("bulwark.rate-limit.rules[0].paths", "/api/notes");
    set("bulwark.rate-limit.rules[0].limits", limit);
    set("bulwark.rate-limit.rules[0].on-store-failure", policy);
  }

  private static String alice() {
    return "Basic " + Base64.getEncoder().encodeToString(("alice:" + DemoUsers.DEFAULT_PASSWORDS.get("alice")).getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitRedisDecisions(URI uri) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = Http.get(uri.resolve("/static/app.css"));
      if (response.statusCode() == 200) {
        return;
      }
      Thread.sleep(50);
    }
  }

  @Test
  void twoInstancesNeverAdmitMoreThanTheLimitTogether() throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      // A generous timeout: this test is about the shared count, and on a busy 2-core CI machine
      // a 100 ms budget turns decisions into fail-closed refusals.
      configure(redis, "60/1h", "fail-closed", "2s");
      try (NotesServer first = NotesServer.start(0, name -> null);
          NotesServer second = NotesServer.start(0, name -> null)) {
        URI[] targets = {
          URI.create("http://localhost:" + first.port() + "/api/notes"),
          URI.create("http://localhost:" + second.port() + "/api/notes")
        };
        awaitRedisDecisions(targets[0]);
        Thread.sleep(500);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
          URI target = targets[i % 2];
          calls.add(clients.submit(() -> {
            int status = Http.get(target, "Authorization", alice()).statusCode();
            if (status == 200) {
              admitted.incrementAndGet();
            } else if (status == 429 || status == 503) {
              // 503: a decision that ran out of its budget on a busy machine, refused by fail-closed
              refused.incrementAndGet();
            }
            return null;
          }));
        }
        for (Future<?> call : calls) {
          call.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(admitted.get()).as("admitted across both instances").isLessThanOrEqualTo(60).isGreaterThan(40);
        assertThat(admitted.get() + refused.get()).as("every answer is 200, 429 or 503").isEqualTo(240);
      }
    }
  }

  @Test
  void aRedisOutageFollowsThePolicyWithinTheTimeoutAndDecisionsReturnAfterwards() throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      Assumptions.assumeTrue(redis.controllable(), "needs a Redis this test can stop");
      configure(redis, "1000/1h", "fail-closed", "100ms");
      try (NotesServer server = NotesServer.start(0, name -> null)) {
        URI notes = URI.create("http://localhost:" + server.port() + "/api/notes");
        awaitRedisDecisions(notes);
        Thread.sleep(500);
        assertThat(Http.get(notes, "Authorization", alice()).statusCode()).isEqualTo(200);

        redis.stop();
        long slowest = 0;
        for (int i = 0; i < 30; i++) {
          long start = System.nanoTime();
          HttpResponse<String> response = Http.get(notes, "Authorization", alice());
          slowest = Math.max(slowest, System.nanoTime() - start);
          assertThat(response.statusCode()).as("fail-closed refuses while Redis is down with a 503, never a 500").isEqualTo(503);
          assertThat(response.body()).contains("rate-limiter-unavailable").contains("1 second").doesNotContain("1 seconds");
        }
        assertThat(Duration.ofNanos(slowest)).as("no request hangs past the timeout").isLessThan(Duration.ofMillis(1500));

        redis.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
          status = Http.get(notes, "Authorization", alice()).statusCode();
          Thread.sleep(100);
        }
        assertThat(status).as("decisions return to Redis").isEqualTo(200);
      }
    }
  }
}
