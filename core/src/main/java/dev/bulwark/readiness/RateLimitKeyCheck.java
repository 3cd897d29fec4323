package dev.bulwark.readiness;

import dev.bulwark.ratelimit.KeySpec;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.ratelimit.RateLimitRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports rate-limit rules whose key a client chooses: a {@code header:Name} source that no
 * {@link RateLimitKeyVerifier} covers and that comes before any {@code principal} source, so an
 * unauthenticated client gets a fresh bucket for every value it invents. The servlet initializer
 * and the Spring starter run it with the verifiers they found.
 */
public final class RateLimitKeyCheck implements ReadinessCheck {

  private final RateLimitKeyVerifier verifier;

  /**
   * @param verifier the registered verifiers ({@link RateLimitKeyVerifier#anyOf}), or {@code null}
   *     when there are none
   */
  public RateLimitKeyCheck(RateLimitKeyVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public List<Finding> check(ReadinessContext context) {
    RateLimitConfig rateLimit = context.config().rateLimit();
    if (!context.config().enabled() || !rateLimit.enabled()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < rateLimit.rules().size(); i++) {
      RateLimitRule rule = rateLimit.rules().get(i);
      KeySpec key = KeySpec.parse(rule.key());
      for (KeySpec.Source source : key.sources()) {
        if (source.kind() == KeySpec.Kind.PRINCIPAL) {
          // Checked after authentication from here on; a header after it is a signed-in user's.
          break;
        }
        if (source.kind() == KeySpec.Kind.HEADER && (verifier == null || !verifier.covers(source.header()))) {
          findings.add(
              KnownFinding.CLIENT_CHOSEN_RATE_LIMIT_KEY.finding(
                  "Rate limit rule '" + rule.name() + "' (bulwark.rate-limit.rules[" + i + "].key=" + key
                      + ") keys by the " + source.header() + " header, which no RateLimitKeyVerifier checks:"
                      + " a client gets a fresh bucket for every value it invents.",
                  "Register a RateLimitKeyVerifier for " + source.header() + " (a Spring bean, or"
                      + " META-INF/services/dev.bulwark.ratelimit.RateLimitKeyVerifier) so unknown values fall"
                      + " back to the address; or key by principal first (key: principal," + key + ")"
                      + " on paths that require sign-in."));
          break;
        }
      }
    }
    return findings;
  }
}
