package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitKeyCheckTest {

  private static ReadinessContext context(String... keys) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("bulwark.rate-limit.enabled", "true");
    for (int i = 0; i < keys.length; i++) {
      values.put("bulwark.rate-limit.rules[" + i + "].name", "rule-" + i);
      values.put("bulwark.rate-limit.rules[" + i + "].limits", "10/1m");
      values.put("bulwark.rate-limit.rules[" + i + "].key", keys[i]);
    }
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
    return new ReadinessContext(config, List.of(), name -> null);
  }

  private static RateLimitKeyVerifier verifierFor(String... headers) {
    return new RateLimitKeyVerifier() {
      @Override
      public Set<String> headers() {
        return Set.of(headers);
      }

      @Override
      public boolean recognises(String header, String value) {
        return value.equals("known");
      }
    };
  }

  @Test
  void aHeaderKeyNoVerifierChecksIsAMediumFindingNamingTheRuleTheHeaderAndBothFixes() {
    List<Finding> findings = new RateLimitKeyCheck(null).check(context("ip", "header:X-Api-Key,ip"));
    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.id()).isEqualTo("client-chosen-rate-limit-key");
    assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(finding.message()).contains("'rule-1'").contains("rules[1]").contains("X-Api-Key");
    assertThat(finding.fix()).contains("RateLimitKeyVerifier").contains("principal,header:X-Api-Key,ip");
  }

  @Test
  void aVerifierForTheHeaderOrForEveryHeaderClearsIt() {
    assertThat(new RateLimitKeyCheck(verifierFor("x-api-key")).check(context("header:X-Api-Key"))).isEmpty();
    assertThat(new RateLimitKeyCheck(verifierFor()).check(context("header:X-Api-Key"))).isEmpty();
    assertThat(new RateLimitKeyCheck(verifierFor("X-Tenant")).check(context("header:X-Api-Key")))
        .as("a verifier of another header")
        .hasSize(1);
  }

  @Test
  void aPrincipalFirstKeepsTheHeaderForSignedInUsersAndIsNoFinding() {
    assertThat(new RateLimitKeyCheck(null).check(context("principal,header:X-Api-Key,ip"))).isEmpty();
  }

  @Test
  void nothingWhenRateLimitingIsOff() {
    BulwarkConfig off =
        BulwarkConfigLoader.load(
            ConfigSource.fromMap(
                Map.of(
                    "bulwark.rate-limit.rules[0].name", "keys",
                    "bulwark.rate-limit.rules[0].limits", "1/1m",
                    "bulwark.rate-limit.rules[0].key", "header:X-Api-Key"),
                "test"));
    assertThat(new RateLimitKeyCheck(null).check(new ReadinessContext(off, List.of(), name -> null))).isEmpty();
  }

  @Test
  void anyOfRecognisesWhatAnyCoveringVerifierRecognises() {
    RateLimitKeyVerifier tenants = verifierFor("X-Tenant");
    RateLimitKeyVerifier keys = new RateLimitKeyVerifier() {
      @Override
      public Set<String> headers() {
        return Set.of("X-Api-Key");
      }

      @Override
      public boolean recognises(String header, String value) {
        return value.equals("issued");
      }
    };
    RateLimitKeyVerifier both = RateLimitKeyVerifier.anyOf(List.of(tenants, keys));
    assertThat(both.covers("x-api-key")).isTrue();
    assertThat(both.covers("X-Other")).isFalse();
    assertThat(both.recognises("X-Api-Key", "issued")).isTrue();
    assertThat(both.recognises("X-Api-Key", "known")).as("known is the tenant verifier's, not this header's").isFalse();
    assertThat(RateLimitKeyVerifier.anyOf(List.of())).isNull();
  }
}
