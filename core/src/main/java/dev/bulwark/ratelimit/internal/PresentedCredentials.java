package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * What rules that count failed credentials need to know of a request's {@code Authorization}:
 * whether it presents a credential at all, and whether that credential was accepted recently.
 *
 * <p>A credential is RFC 9110's {@code auth-scheme 1*SP ( token68 / #auth-param )}; for Basic, the
 * token must decode to {@code user:password}. A bare scheme ({@code Authorization: x}, {@code
 * Basic}) or a Basic token that is no user and password is no credential: nothing was checked, so
 * nothing can have failed, and such requests must not spend the failure budget of the users behind
 * the address.
 *
 * <p>A credential that was accepted is remembered (as a hash, never the secret) for a while, so its
 * requests take no reservation: a counted rule reserves tokens before the request only for
 * credentials it does not know to be good, and a client sending forty concurrent requests with its
 * own password would otherwise have most of them refused while the first ten were in flight.
 * Bounded by {@code maxKeys}; thread-safe.
 */
public final class PresentedCredentials {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(PresentedCredentials::sha256);

  private final Cache<String, Boolean> accepted;

  public PresentedCredentials(int maxKeys, Duration remember) {
    this.accepted = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(remember).build();
  }

  /** Returns whether an {@code Authorization} value is a credential that could be checked. */
  public static boolean isCredential(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space <= 0) {
      return false;
    }
    String scheme = value.substring(0, space);
    String token = value.substring(space + 1).strip();
    if (token.isEmpty()) {
      return false;
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      try {
        byte[] decoded = Base64.getDecoder().decode(token);
        for (byte b : decoded) {
          if (b == ':') {
            return true;
          }
        }
        return false;
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether this credential was accepted recently. */
  public boolean knownGood(String authorization) {
    return accepted.getIfPresent(hash(authorization)) != null;
  }

  /** Remembers a credential the application accepted. */
  public void accepted(String authorization) {
    accepted.put(hash(authorization), Boolean.TRUE);
  }

  /** Forgets a credential that failed (a password changed, a token revoked). */
  public void failed(String authorization) {
    accepted.invalidate(hash(authorization));
  }

  private static String hash(String value) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    byte[] hash = digest.digest(value.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
