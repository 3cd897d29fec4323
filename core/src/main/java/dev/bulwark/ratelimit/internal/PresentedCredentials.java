package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

  /** Returns whether the credential with this {@link SecretHashes hash} was accepted recently. */
  public boolean knownGood(String hash) {
    return accepted.getIfPresent(hash) != null;
  }

  /** Remembers the hash of a credential the application accepted. */
  public void accepted(String hash) {
    accepted.put(hash, Boolean.TRUE);
  }

  /** Forgets the hash of a credential that failed (a password changed, a token revoked). */
  public void failed(String hash) {
    accepted.invalidate(hash);
  }
}
