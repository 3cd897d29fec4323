package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #12, classes 1 and 4, on an example app with its default rules, on an instance of its own
 * (it spends the loopback address's failure budget): anonymous challenges never count as failed
 * credentials, so they cannot lock the users behind an address out; concurrent wrong passwords
 * never get past the limit; health and its probes answer while the address is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostileClientPenaltyBoxContract {

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  /** The health endpoint and its probes. */
  protected abstract List<String> probePaths();

  private void assertProbesAnswer(String when) throws Exception {
    for (String probe : probePaths()) {
      assertThat(Http.get(uri(probe)).statusCode()).as("%s: %s", when, probe).isEqualTo(200);
    }
  }

  @Test
  @Order(1)
  void anonymousChallengesNeverFillThePenaltyBox() throws Exception {
    // 60 requests with no credentials: six times the per-minute failure limit, three times the
    // penalty box's threshold.
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> challenge = Http.get(uri("/api/notes"));
      assertThat(challenge.statusCode()).as("anonymous request %d", i).isEqualTo(401);
    }
    // A cookie is no credential, and neither is an Authorization that carries none: a bare scheme,
    // or a Basic token that is no user and password.
    for (int i = 0; i < 15; i++) {
      assertThat(Http.get(uri("/api/notes"), "Cookie", "JSESSIONID=expired" + i).statusCode()).isEqualTo(401);
    }
    // Stay under the global rule's burst of 100 a second: this test is about the penalty box.
    Thread.sleep(1_100);
    for (String notACredential : List.of("x", "Basic", "Bearer", "Basic !!!", "Basic eA==", "Negotiate")) {
      for (int i = 0; i < 12; i++) {
        assertThat(Http.get(uri("/api/notes"), "Authorization", notACredential).statusCode())
            .as("Authorization: %s", notACredential)
            .isEqualTo(401);
      }
    }
    HttpResponse<String> alice = Http.get(uri("/api/notes"), "Authorization", basic("alice"));
    assertThat(alice.statusCode()).as("alice, behind the same address, is still served").isEqualTo(200);
    assertProbesAnswer("after the anonymous flood");
  }

  @Test
  @Order(2)
  void aClientsOwnConcurrentRequestsAreNotRefused() throws Exception {
    // Let the global per-second bucket refill after the flood above.
    Thread.sleep(1_100);
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).statusCode()).isEqualTo(200);
    ExecutorService pool = Executors.newFixedThreadPool(40);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Http.get(uri("/api/notes"), "Authorization", basic("alice")).statusCode();
                }));
      }
      start.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).as("alice's own concurrent requests, with her accepted password").isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(3)
  void concurrentWrongPasswordsNeverGetPastTheLimit() throws Exception {
    int clients = 80;
    ExecutorService pool = Executors.newFixedThreadPool(40);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        String guess = basic("alice", "guess-" + i);
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Http.get(uri("/api/notes"), "Authorization", guess).statusCode();
                }));
      }
      start.countDown();
      int checked = 0;
      int refused = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        assertThat(status).isIn(401, 429);
        if (status == 401) {
          checked++;
        } else {
          refused++;
        }
      }
      assertThat(checked).as("wrong passwords that reached the password check (limit 10 a minute)").isLessThanOrEqualTo(10).isPositive();
      assertThat(checked + refused).isEqualTo(clients);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(4)
  void probesAnswerWhileTheAddressIsRefusedAndTheFieldsNameTheLimitingPolicy() throws Exception {
    HttpResponse<String> refused = Http.get(uri("/api/notes"), "Authorization", basic("alice", "one-more-guess"));
    assertThat(refused.statusCode()).isEqualTo(429);
    String policy = Http.header(refused, "RateLimit-Policy");
    String field = Http.header(refused, "RateLimit");
    String named = field.substring(1, field.indexOf('"', 1));
    assertThat(policy).as("the RateLimit field names an item of RateLimit-Policy").contains("\"" + named + "\"");
    assertThat(field).contains(";r=0;");
    assertProbesAnswer("while the address is refused");
  }
}
