package dev.bulwark.headers;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The CSP nonce of one response: 128 random bits, base64url-encoded. It is created on first use,
 * so responses that never render HTML pay nothing. Templates read it through {@link #toString()}
 * (Thymeleaf: {@code th:nonce="${cspNonce}"}; JSP: {@code nonce="${cspNonce}"}).
 */
public final class CspNonce {

  // A few thread-safe generators picked by thread: one shared SecureRandom would serialise every
  // request on its lock, and one per thread would seed a new generator per virtual thread.
  private static final SecureRandom[] RANDOMS = new SecureRandom[8];

  static {
    for (int i = 0; i < RANDOMS.length; i++) {
      RANDOMS[i] = newRandom();
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

  /** Returns the nonce value, generating it on first call. */
  public String value() {
    String current = value;
    if (current == null) {
      byte[] bytes = new byte[16];
      RANDOMS[(int) (Thread.currentThread().getId() & (RANDOMS.length - 1))].nextBytes(bytes);
      current = ENCODER.encodeToString(bytes);
      value = current;
    }
    return current;
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
