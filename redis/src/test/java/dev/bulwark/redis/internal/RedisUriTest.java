package dev.bulwark.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.ratelimit.spi.StoreUnavailableException;
import dev.bulwark.redis.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and ACL users against real servers: a {@code redis-server} with a TLS port and a certificate
 * this test makes for {@code localhost} only, and one with an ACL user and no default user.
 */
class RedisUriTest {

  @TempDir static Path dir;
  private static RedisProcess tls;
  private static RedisProcess acl;
  private static Path certificate;

  private static final BucketShape SHAPE = new BucketShape("uri", List.of(new Limit(2, Duration.ofHours(1))));

  @BeforeAll
  static void start() throws Exception {
    RedisProcess.assumeInstalled();
    RedisProcess.openssl(
        dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.crt", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
    certificate = dir.resolve("server.crt");
    int tlsPort = RedisProcess.freePort();
    tls = RedisProcess.start(
        dir.resolve("tls"), tlsPort, "--port", "0", "--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", certificate.toString(), "--tls-key-file", dir.resolve("server.key").toString(), "--tls-auth-clients", "no");
    int aclPort = RedisProcess.freePort();
    Path aclConfig = dir.resolve("acl.conf");
    Files.writeString(aclConfig, "user default off\nuser bulwark on >s3cret-p4ss ~bulwark:* &* +@all\n");
    acl = RedisProcess.start(dir.resolve("acl"), aclPort, aclConfig.toString(), "--port", Integer.toString(aclPort));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tls != null) {
      tls.close();
    }
    if (acl != null) {
      acl.close();
    }
  }

  private static RedisStoreConfig.Builder config(String uri) {
    return RedisStoreConfig.builder().uri(uri).timeout(Duration.ofSeconds(2)).keyPrefix("bulwark:uri:" + System.nanoTime() + ":");
  }

  private static List<Answer> takeTwice(RedisStore store) {
    store.decide(List.of(Step.take(SHAPE, "ip:192.0.2.9", 1)));
    store.decide(List.of(Step.take(SHAPE, "ip:192.0.2.9", 1)));
    return store.decide(List.of(Step.take(SHAPE, "ip:192.0.2.9", 1)));
  }

  @Test
  void redissVerifiesTheServerAgainstTheGivenCertificates() {
    try (RedisStore store = RedisStore.connect(config("rediss://localhost:" + tls.port()).trustCertificates(certificate.toString()).build())) {
      await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
      assertThat(takeTwice(store)).singleElement().satisfies(answer -> assertThat(answer.status()).isEqualTo(Answer.Status.REFUSED));
    }
  }

  @Test
  void redissChecksTheHostName() {
    // The certificate names localhost only: 127.0.0.1 is another name, and the handshake fails.
    RedisStoreConfig byAddress = config("rediss://127.0.0.1:" + tls.port()).trustCertificates(certificate.toString()).build();
    try (RedisStore store = RedisStore.connect(byAddress)) {
      assertNeverConnects(store);
    }
    // The same certificate, the same address, host-name check turned off in the URI: it connects, so
    // the name was what failed above.
    try (RedisStore store = RedisStore.connect(config("rediss://127.0.0.1:" + tls.port() + "?verifyPeer=CA").trustCertificates(certificate.toString()).build())) {
      await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
    }
  }

  @Test
  void redissRefusesAServerTheTrustStoreDoesNotKnow() {
    try (RedisStore store = RedisStore.connect(config("rediss://localhost:" + tls.port()).build())) {
      assertNeverConnects(store);
    }
  }

  private static void assertNeverConnects(RedisStore store) {
    // Each decision tries to connect again; none reaches Redis, and no connection is made meanwhile.
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> store.decide(List.of(Step.take(SHAPE, "ip:192.0.2.9", 1)))).isInstanceOf(StoreUnavailableException.class);
    }
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !store.isConnected());
    assertThatThrownBy(() -> store.decide(List.of(Step.take(SHAPE, "ip:192.0.2.9", 1)))).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void anAclUserAndPasswordInTheUriAreUsed() {
    try (RedisStore store = RedisStore.connect(config("redis://bulwark:s3cret-p4ss@127.0.0.1:" + acl.port()).build())) {
      await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
      assertThat(takeTwice(store)).singleElement().satisfies(answer -> assertThat(answer.status()).isEqualTo(Answer.Status.REFUSED));
    }
    // The default user is off: without the credentials nothing is decided.
    try (RedisStore store = RedisStore.connect(config("redis://127.0.0.1:" + acl.port()).build())) {
      assertNeverConnects(store);
    }
  }

  @Test
  void aWrongPasswordIsNeverRepeated() {
    RedisStoreConfig wrong = config("redis://bulwark:wrong-p4ss@127.0.0.1:" + acl.port()).build();
    assertThat(wrong.toString()).contains("redis://bulwark:****@127.0.0.1").doesNotContain("wrong-p4ss");
    try (RedisStore store = RedisStore.connect(wrong)) {
      assertThatThrownBy(() -> store.decide(List.of(Step.take(SHAPE, "k", 1))))
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertThat(chain(e)).doesNotContain("wrong-p4ss"));
      assertThat(store.problem()).isPresent().get().asString().doesNotContain("wrong-p4ss");
    }
  }

  @Test
  void aClusterListTakesTheFirstNodesSchemeAndCredentialsForBareNodes() {
    RedisStoreConfig config = RedisStoreConfig.builder().cluster(true).uri("rediss://alice:pw@node1:7000,node2:7001, redis://node3:7002").build();
    assertThat(RedisStore.uris(config))
        .extracting(u -> u.getHost() + ":" + u.getPort() + " ssl=" + u.isSsl() + " user=" + u.getUsername())
        .containsExactly("node1:7000 ssl=true user=alice", "node2:7001 ssl=true user=alice", "node3:7002 ssl=false user=null");
  }

  @Test
  void anUnreadableUriIsAConfigErrorThatHidesThePassword() {
    RedisStoreConfig config = RedisStoreConfig.builder().cluster(true).uri("redis://alice:t0p-secret@node1:7000,redis://bob:an0ther@[::1:x").build();
    assertThatThrownBy(() -> RedisStore.uris(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bulwark.rate-limit.redis.uri:")
        .satisfies(e -> assertThat(chain(e)).doesNotContain("t0p-secret", "an0ther"));
  }

  /** Every message of an exception and its causes. */
  private static String chain(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
