package dev.bulwark.servlet;

import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import java.util.Set;

/** A verifier that recognises two issued API keys, found by the drop-in through META-INF/services. */
public final class IssuedApiKeys implements RateLimitKeyVerifier {

  private static final Set<String> ISSUED = Set.of("issued-key-1", "issued-key-2");

  @Override
  public Set<String> headers() {
    return Set.of("x-api-key");
  }

  @Override
  public boolean recognises(String header, String value) {
    return ISSUED.contains(value);
  }
}
