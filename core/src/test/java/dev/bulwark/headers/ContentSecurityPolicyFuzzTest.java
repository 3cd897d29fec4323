package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the CSP parser that lints configured policies: it refuses with {@link
 * IllegalArgumentException} only, without repeating long input; a policy it accepts prints in a
 * canonical form that parses to the same directives and prints the same again; names are CSP names
 * and sources are single non-empty tokens.
 *
 * <p>Input: the whole input is the policy.
 */
class ContentSecurityPolicyFuzzTest {

  @FuzzTest
  void policiesRoundTripThroughTheirCanonicalForm(byte[] data) {
    String policy = FuzzFields.text(data);
    ContentSecurityPolicy parsed;
    try {
      parsed = ContentSecurityPolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, policy);
      return;
    }
    String canonical = parsed.toString();
    ContentSecurityPolicy again = ContentSecurityPolicy.parse(canonical);
    assertThat(again.directives()).isEqualTo(parsed.directives());
    assertThat(again.toString()).isEqualTo(canonical);
    assertThat(again.risks()).isEqualTo(parsed.risks());
    assertThat(parsed.usesNonce()).isEqualTo(canonical.contains("'nonce-{nonce}'"));
    for (Map.Entry<String, List<String>> directive : parsed.directives().entrySet()) {
      assertThat(directive.getKey()).matches("[a-z0-9-]+");
      for (String source : directive.getValue()) {
        assertThat(source).isNotEmpty().doesNotContain(" ", "\t", ";");
        if (source.contains(ContentSecurityPolicy.NONCE_PLACEHOLDER)) {
          assertThat(source).isEqualTo("'nonce-{nonce}'");
        }
      }
    }
  }
}
