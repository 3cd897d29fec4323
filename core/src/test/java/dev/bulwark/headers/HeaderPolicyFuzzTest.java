package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.core.ConfigException;
import dev.bulwark.internal.Durations;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes building the header policy from configuration strings: bad settings are refused with
 * {@link IllegalArgumentException} or {@link ConfigException} (naming the property) and nothing
 * else; a policy that compiles writes only header values that cannot split a response (no control
 * characters, nothing outside Latin-1), never a CSP with a leftover {@code {nonce}}, and the response's nonce
 * wherever the HTML policy asked for one.
 *
 * <p>Input lines: HTML policy, API policy, report-only policy, report path, X-Frame-Options,
 * Permissions-Policy, Cache-Control, allow-risky (comma-separated), HSTS max-age, then flags for CSP
 * enabled, upgrade-insecure-requests and HSTS enabled. A line {@code (null)} leaves the default.
 */
class HeaderPolicyFuzzTest {

  @FuzzTest
  void compiledPoliciesWriteOnlySafeHeaders(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<String> inputs = in.from(0);
    HeaderPolicy policy;
    try {
      Duration maxAge = in.nullable(8) == null ? null : Durations.parse(in.get(8));
      HeadersConfig config =
          new HeadersConfig(
              null,
              new CspConfig(in.flag(9) ? null : Boolean.FALSE, in.nullable(0), in.nullable(1), in.nullable(2),
                  in.nullable(3), in.flag(10), null),
              new HstsConfig(in.flag(11) ? null : Boolean.FALSE, maxAge, null, null),
              in.nullable(4),
              null,
              null,
              in.nullable(5),
              null,
              null,
              null,
              null,
              null,
              in.nullable(6),
              null,
              risks(in.list(7)));
      policy = HeaderPolicy.compile(config, "bulwark.headers");
    } catch (ConfigException e) {
      assertThat(e.property()).startsWith("bulwark.headers.");
      FuzzAssertions.assertEchoesAtMost(e, inputs.toArray(String[]::new));
      return;
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, inputs.toArray(String[]::new));
      return;
    }

    for (ResponseKind kind : ResponseKind.values()) {
      for (boolean secure : new boolean[] {false, true}) {
        CspNonce nonce = new CspNonce();
        Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        policy.apply(kind, secure, false, nonce, new HeaderWriter() {
          @Override
          public boolean contains(String name) {
            return written.containsKey(name);
          }

          @Override
          public void set(String name, String value) {
            assertThat(written).doesNotContainKey(name);
            written.put(name, value);
          }

          @Override
          public void add(String name, String value) {
            written.merge(name, value, (first, next) -> first + ", " + next);
          }
        });
        written.forEach((name, value) -> {
          assertThat(name).matches("[A-Za-z-]+");
          assertThat(value.chars().allMatch(c -> (c >= 0x20 || c == '\t') && c != 0x7f && c <= 0xff))
              .as("%s: %s", name, value)
              .isTrue();
          if (name.startsWith("Content-Security-Policy")) {
            // other headers are written as configured, braces and all
            assertThat(value).doesNotContain(ContentSecurityPolicy.NONCE_PLACEHOLDER);
          }
        });
        String csp = written.get("Content-Security-Policy");
        if (csp != null) {
          // what is written parses as a policy again
          ContentSecurityPolicy.parse(csp.replace(nonce.isUsed() ? nonce.value() : "\u0000", "{nonce}"));
        }
        if (kind == ResponseKind.HTML && csp != null && in.nullable(0) != null
            && in.get(0).contains("'nonce-{nonce}'")) {
          assertThat(csp).contains("'nonce-" + nonce.value() + "'");
        }
        if (kind == ResponseKind.OTHER && csp != null) {
          assertThat(nonce.isUsed()).isFalse();
        }
        if (!secure) {
          assertThat(written).doesNotContainKey("Strict-Transport-Security");
        }
      }
    }
  }

  private static List<RiskySetting> risks(List<String> names) {
    List<RiskySetting> risks = new ArrayList<>();
    for (String name : names) {
      for (RiskySetting risk : RiskySetting.values()) {
        if (risk.name().equalsIgnoreCase(name.trim().replace('-', '_').toUpperCase(Locale.ROOT))) {
          risks.add(risk);
        }
      }
    }
    return risks;
  }
}
