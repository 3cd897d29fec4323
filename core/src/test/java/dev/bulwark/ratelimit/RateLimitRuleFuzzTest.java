package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.internal.Durations;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes rate-limit rule definitions: a bad rule is refused with {@link IllegalArgumentException}
 * when it is built (so start-up fails on it), without repeating long input; a rule that is accepted
 * always compiles into buckets and a RateLimit-Policy field with one distinct id per limit, and
 * matching a request against it never throws.
 *
 * <p>Input lines: name, paths, methods, limits (each comma-separated), cost, key, count-statuses
 * (comma-separated), penalty failures, penalty within, penalty block, a request method and path. A
 * line {@code (null)} leaves the setting out.
 */
class RateLimitRuleFuzzTest {

  @FuzzTest
  void acceptedRulesAlwaysCompile(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<String> inputs = in.from(0);
    RateLimitRule rule;
    try {
      Penalty penalty =
          in.nullable(7) == null && in.nullable(8) == null && in.nullable(9) == null
              ? null
              : new Penalty(in.integer(7), duration(in.nullable(8)), duration(in.nullable(9)));
      rule =
          new RateLimitRule(
              in.nullable(0),
              in.nullableList(1),
              in.nullableList(2),
              in.nullableList(3),
              in.integer(4),
              in.nullable(5),
              statuses(in.list(6)),
              penalty,
              null,
              null, null);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, inputs.toArray(String[]::new));
      return;
    }
    CompiledRule compiled = new CompiledRule(rule, 0);
    assertThat(compiled.name()).isEqualTo(rule.name());
    assertThat(compiled.key().alwaysResolves()).isTrue();
    List<Limit> limits = rule.parsedLimits();
    assertThat(limits).isNotEmpty();
    List<String> ids = new ArrayList<>();
    for (String part : compiled.policyField().split(", ")) {
      ids.add(part.substring(0, part.indexOf(";q=")));
    }
    assertThat(ids).hasSize(limits.size());
    assertThat(ids).as("policy ids in %s", compiled.policyField()).doesNotHaveDuplicates();
    compiled.matches(in.get(10), in.get(11));
  }

  private static Duration duration(String text) {
    return text == null ? null : Durations.parse(text);
  }

  private static List<Integer> statuses(List<String> texts) {
    List<Integer> statuses = new ArrayList<>();
    for (String text : texts) {
      try {
        statuses.add(Integer.valueOf(text.trim()));
      } catch (NumberFormatException e) {
        // not a number: the binder would have refused it already
      }
    }
    return statuses;
  }
}
