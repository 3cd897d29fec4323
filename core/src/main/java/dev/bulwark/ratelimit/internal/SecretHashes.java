package dev.bulwark.ratelimit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one way rate limiting keeps a secret it must recognise again (an API key in a header key,
 * a credential it saw accepted): the first 128 bits of its SHA-256, URL-safe Base64. The secret
 * itself is never stored. The format names header-keyed buckets in Redis, so it must not change.
 */
public final class SecretHashes {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SecretHashes::sha256);
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private SecretHashes() {}

  /** Returns the hash of a secret. */
  public static String of(String secret) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    byte[] hash = digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    return BASE64.encodeToString(Arrays.copyOf(hash, 16));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
