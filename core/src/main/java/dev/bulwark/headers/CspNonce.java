package dev.bulwark.headers;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CSP nonce of one response: 128 random bits, base64url-encoded. It is created on first use,
 * so responses that never render HTML pay nothing. Templates read it through {@link #toString()}
 * (Thymeleaf: {@code th:nonce="${cspNonce}"}; JSP: {@code nonce="${cspNonce}"}).
 */
public final class CspNonce {

  // A pool of generators, each behind a lock that is only ever tried: one shared SecureRandom
  // serialises every HTML response on its lock, and under load its holder is often descheduled
  // mid-call, so the others wait a whole time slice (seen as 10-25 ms stalls on 2 cores). One per
  // thread would seed a new generator per virtual thread. Trying the locks in turn from a random
  // start finds a free generator unless every one is busy, which takes more threads running at once
  // than the pool holds.
  private static final int POOL_SIZE = poolSize(Runtime.getRuntime().availableProcessors());
  private static final SecureRandom[] RANDOMS = new SecureRandom[POOL_SIZE];
  private static final ReentrantLock[] LOCKS = new ReentrantLock[POOL_SIZE];

  static {
    for (int i = 0; i < POOL_SIZE; i++) {
      RANDOMS[i] = newRandom();
      LOCKS[i] = new ReentrantLock();
    }
  }
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private String value;

  /** Creates a nonce that is generated when first read. */
  public CspNonce() {}

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** A power of two, four generators per processor and at least 8. */
  static int poolSize(int processors) {
    int wanted = Math.max(8, 4 * Math.max(1, processors));
    return Math.min(1 << 10, Integer.highestOneBit(wanted - 1) << 1);
  }

  /** Returns the nonce value, generating it on first call. */
  public String value() {
    String current = value;
    if (current == null) {
      byte[] bytes = new byte[16];
      randomBytes(bytes);
      current = ENCODER.encodeToString(bytes);
      value = current;
    }
    return current;
  }

  private static void randomBytes(byte[] bytes) {
    int start = ThreadLocalRandom.current().nextInt();
    for (int i = 0; i < POOL_SIZE; i++) {
      int slot = (start + i) & (POOL_SIZE - 1);
      ReentrantLock lock = LOCKS[slot];
      if (lock.tryLock()) {
        try {
          RANDOMS[slot].nextBytes(bytes);
        } finally {
          lock.unlock();
        }
        return;
      }
    }
    int slot = start & (POOL_SIZE - 1);
    LOCKS[slot].lock();
    try {
      RANDOMS[slot].nextBytes(bytes);
    } finally {
      LOCKS[slot].unlock();
    }
  }

  /** Returns whether the value was generated, that is, whether a template used it. */
  public boolean isUsed() {
    return value != null;
  }

  /** Returns the nonce value, so that templates can print the attribute directly. */
  @Override
  public String toString() {
    return value();
  }
}
