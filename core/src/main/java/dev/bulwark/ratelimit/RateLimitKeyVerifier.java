package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Set;

/**
 * Tells rate limiting which values of a key header (a {@code header:X-Api-Key} key source) the
 * application recognises. Without one, every value a client sends is a bucket of its own, so a
 * client that invents a new value per request is never limited. With one, a value it does not
 * recognise is skipped and the rule's next key source decides (the key chain always ends in the
 * client's address), so invented values share the inventor's address bucket while each recognised
 * key keeps its own.
 *
 * <p>It runs on every request whose rule keys by a covered header, before authentication and
 * before the application sees the request: it must be fast, thread-safe and free of I/O. Check an
 * in-memory set of key hashes or a cache that is refreshed in the background, never a database or
 * a remote service, and never log the value.
 *
 * <p>Registration: in Spring, a bean of this type; with the servlet drop-in, the class named in
 * {@code META-INF/services/dev.bulwark.ratelimit.RateLimitKeyVerifier} (a public no-argument
 * constructor). Several verifiers may cover one header: a value is recognised when any of them
 * recognises it.
 *
 * <pre>{@code
 * public final class ApiKeys implements RateLimitKeyVerifier {
 *   public Set<String> headers() { return Set.of("X-Api-Key"); }
 *   public boolean recognises(String header, String value) { return keyStore.isIssued(value); }
 * }
 * }</pre>
 */
public interface RateLimitKeyVerifier {

  /**
   * The header names (compared case-insensitively) this verifier judges; empty, the default, for
   * every key header.
   */
  default Set<String> headers() {
    return Set.of();
  }

  /**
   * Returns whether the application recognises a header's value as a key it issued.
   *
   * @param header the header name as the rule's key names it
   * @param value the header's value, never {@code null} or blank
   */
  boolean recognises(String header, String value);

  /** Returns whether this verifier judges a header's values. */
  default boolean covers(String header) {
    Set<String> headers = headers();
    if (headers.isEmpty()) {
      return true;
    }
    for (String name : headers) {
      if (name.equalsIgnoreCase(header)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns one verifier over several: it covers a header when any of them does, and recognises a
   * value when any verifier covering the header does. {@code null} for an empty list.
   */
  static RateLimitKeyVerifier anyOf(List<? extends RateLimitKeyVerifier> verifiers) {
    if (verifiers.isEmpty()) {
      return null;
    }
    if (verifiers.size() == 1) {
      return verifiers.get(0);
    }
    RateLimitKeyVerifier[] all = verifiers.toArray(RateLimitKeyVerifier[]::new);
    return new RateLimitKeyVerifier() {
      @Override
      public boolean covers(String header) {
        for (RateLimitKeyVerifier verifier : all) {
          if (verifier.covers(header)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean recognises(String header, String value) {
        for (RateLimitKeyVerifier verifier : all) {
          if (verifier.covers(header) && verifier.recognises(header, value)) {
            return true;
          }
        }
        return false;
      }
    };
  }
}
