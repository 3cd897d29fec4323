package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CspNonceTest {

  @Test
  void isLazilyGenerated() {
    CspNonce nonce = new CspNonce();
    assertThat(nonce.isUsed()).isFalse();
    String value = nonce.value();
    assertThat(nonce.isUsed()).isTrue();
    assertThat(value).isNotEmpty();
  }

  @Test
  void is22Base64UrlCharactersCarrying128Bits() {
    String value = new CspNonce().value();
    assertThat(value).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    assertThat(Base64.getUrlDecoder().decode(value)).hasSize(16);
  }

  @Test
  void isStableOnceGenerated() {
    CspNonce nonce = new CspNonce();
    String value = nonce.value();
    assertThat(nonce.value()).isSameAs(value);
    assertThat(nonce).hasToString(value);
  }

  @Test
  void toStringGeneratesTheValue() {
    CspNonce nonce = new CspNonce();
    String printed = nonce.toString();
    assertThat(nonce.isUsed()).isTrue();
    assertThat(nonce.value()).isEqualTo(printed);
  }

  @Test
  void twoNoncesDiffer() {
    assertThat(new CspNonce().value()).isNotEqualTo(new CspNonce().value());
  }

  @Test
  void manyNoncesAreAllDistinctAndUseTheWholeAlphabet() {
    Set<String> seen = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String value = new CspNonce().value();
      assertThat(seen.add(value)).as("duplicate nonce %s", value).isTrue();
      for (char c : value.toCharArray()) {
        characters.add(c);
      }
    }
    // 44,000 random characters cover all 64 symbols of the alphabet
    assertThat(characters).hasSize(64);
  }

  @Test
  void noncesFromOtherThreadsDiffer() throws InterruptedException {
    String[] values = new String[4];
    Thread[] threads = new Thread[values.length];
    for (int i = 0; i < threads.length; i++) {
      int index = i;
      threads[i] = new Thread(() -> values[index] = new CspNonce().value());
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(new HashSet<>(java.util.List.of(values))).hasSize(values.length);
  }

  @Test
  void manyThreadsAtOnceGetDistinctNonces() throws Exception {
    // More threads than generators, so some find every generator busy and wait for one.
    int threads = 64;
    int perThread = 500;
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            seen.add(new CspNonce().value());
          }
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(threads * perThread);
  }

  @Test
  void thePoolHasFourGeneratorsPerProcessorAtLeastEightAsAPowerOfTwo() {
    assertThat(CspNonce.poolSize(1)).isEqualTo(8);
    assertThat(CspNonce.poolSize(2)).isEqualTo(8);
    assertThat(CspNonce.poolSize(3)).isEqualTo(16);
    assertThat(CspNonce.poolSize(4)).isEqualTo(16);
    assertThat(CspNonce.poolSize(5)).isEqualTo(32);
    assertThat(CspNonce.poolSize(64)).isEqualTo(256);
    assertThat(CspNonce.poolSize(10_000)).isEqualTo(1024);
  }
}
