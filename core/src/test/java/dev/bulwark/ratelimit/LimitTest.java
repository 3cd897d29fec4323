package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LimitTest {

  @Test
  void parsesTokensPerPeriod() {
    assertThat(Limit.parse("10/1s")).isEqualTo(new Limit(10, Duration.ofSeconds(1)));
    assertThat(Limit.parse(" 1000 / 1h ")).isEqualTo(new Limit(1000, Duration.ofHours(1)));
    assertThat(Limit.parse("5/PT10M")).isEqualTo(new Limit(5, Duration.ofMinutes(10)));
    assertThat(Limit.parse("5/10m").windowSeconds()).isEqualTo(600);
    assertThat(Limit.parse("5/10ms").windowSeconds()).isEqualTo(1);
  }

  @Test
  void refusesMalformedLimitsWithTheExpectedForm() {
    for (String bad : new String[] {"10", "10/", "/1s", "ten/1s", "10/1s/2", "0/1s", "-1/1s", "10/0s", "10/1", "10/400d", "99999999999/1s"}) {
      assertThatThrownBy(() -> Limit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Limit.parse("10")).hasMessageContaining("10/1s");
  }

  @Test
  void refusesMoreThanOneTokenPerNanosecond() {
    // Bucket4j refuses such a rate only when the limiter is built, naming no setting.
    assertThat(Limit.parse("1000/1us")).isEqualTo(new Limit(1000, Duration.ofNanos(1000)));
    assertThatThrownBy(() -> Limit.parse("1001/1us"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a limit may refill at most one token per nanosecond");
  }

  @Test
  void printsExactlyBelowAMillisecond() {
    assertThat(Limit.parse("1/1500us")).hasToString("1/1500us");
    assertThat(Limit.parse("1/1ns")).hasToString("1/1ns");
    assertThat(Limit.parse(Limit.parse("3/PT0.0015S").toString())).isEqualTo(Limit.parse("3/1500us"));
  }

  @Test
  void aRuleRefusesTwoLimitsWithOnePeriod() {
    // both would be "api-1s" in the RateLimit-Policy field, and the larger one does nothing
    assertThatThrownBy(() -> new RateLimitRule("api", null, null, List.of("10/1s", "20/1s"), null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits 10/1s and 20/1s have the same period; keep the smaller one");
    assertThatThrownBy(() -> new RateLimitRule("api", null, null, List.of("10/1000ms", "20/PT1S"), null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void penaltyWindowFollowsTheLimitsOfALimit() {
    // the failures are counted in a bucket of failures per within, built when the limiter starts
    assertThatThrownBy(() -> new Penalty(5, Duration.ofDays(400), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("within must be at most 366d");
    assertThatThrownBy(() -> new Penalty(5, Duration.ofNanos(4), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must not exceed the nanoseconds in within");
    assertThat(new Penalty(5, Duration.ofDays(366), null).enabled()).isTrue();
  }

  @Property(tries = 500)
  void parsingNeverThrowsAnythingButIllegalArgument(@ForAll String text) {
    try {
      Limit limit = Limit.parse(text);
      assertThat(limit.capacity()).isPositive();
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
  }

  @Test
  void keySpecsParseChainsAndRefuseUnknownSources() {
    KeySpec chain = KeySpec.parse("principal, header:X-Api-Key ,ip");
    assertThat(chain.sources()).extracting(KeySpec.Source::kind)
        .containsExactly(KeySpec.Kind.PRINCIPAL, KeySpec.Kind.HEADER, KeySpec.Kind.IP);
    assertThat(chain.sources().get(1).header()).isEqualTo("X-Api-Key");
    assertThat(chain.needsPrincipal()).isTrue();
    assertThat(chain.alwaysResolves()).isTrue();
    assertThat(KeySpec.parse("header:X-Api-Key").alwaysResolves()).isFalse();
    assertThatThrownBy(() -> KeySpec.parse("cookie:session")).hasMessageContaining("ip, principal or header");
    assertThatThrownBy(() -> KeySpec.parse("header:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySpec.parse("header:Bad Name")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rulesNeedANameAndLimits() {
    assertThatThrownBy(() -> new RateLimitRule(null, null, null, java.util.List.of("1/1s"), null, null, null, null, null, null, null))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new RateLimitRule("r", null, null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("limits");
    assertThatThrownBy(() -> new RateLimitRule("r", null, null, java.util.List.of("1/1s"), 0, null, null, null, null, null, null))
        .hasMessageContaining("cost");
    assertThatThrownBy(() -> new RateLimitRule("r", null, null, java.util.List.of("1/1s"), null, null, java.util.List.of(42), null, null, null, null))
        .hasMessageContaining("count-statuses");
  }

  @Test
  void defaultsAreOffWithAGlobalAndALoginRule() {
    RateLimitConfig config = RateLimitConfig.defaults();
    assertThat(config.enabled()).isFalse();
    assertThat(config.rules()).extracting(RateLimitRule::name).containsExactly("global", "static", "login", "auth-failures");
    assertThat(config.rules()).allSatisfy(rule -> assertThat(rule.key()).isEqualTo("ip"));
  }

  @Test
  void staticFilesLeaveTheGlobalRuleForTheStaticRuleAndNoPathIsUnbounded() {
    List<dev.bulwark.ratelimit.internal.CompiledRule> rules =
        RateLimitConfig.defaultRules().stream().map(rule -> new dev.bulwark.ratelimit.internal.CompiledRule(rule, 0)).toList();
    java.util.function.BiFunction<String, String, List<String>> matching =
        (method, path) -> rules.stream().filter(rule -> rule.matches(method, path)).map(r -> r.name()).toList();
    for (String path : List.of(
        "/css/site.css", "/js/app.js", "/images/pets.png", "/webjars/bootstrap/5.3.3/dist/css/bootstrap.min.css",
        "/resources/images/spring-logo.svg", "/favicon.ico", "/static/x", "/fonts/a.woff2", "/robots.txt")) {
      assertThat(matching.apply("GET", path)).as(path).contains("static").doesNotContain("global");
      assertThat(matching.apply("POST", path)).as("POST " + path + " is bounded too").contains("static");
    }
    for (String path : List.of("/", "/owners/1", "/api/notes/x.css", "/vets.html", "/cssx/a.css", "/login")) {
      assertThat(matching.apply("GET", path)).as(path).contains("global").doesNotContain("static");
    }
  }

  @Test
  void aRuleOfExclusionsOnlyIsRefused() {
    assertThatThrownBy(() -> RateLimitRule.builder("r").paths("!/css/**").limits("1/1s").build())
        .hasMessageContaining("not an exclusion");
    assertThat(RateLimitRule.builder("r").paths("/**", "!/css/**").limits("1/1s").build().paths())
        .containsExactly("/**", "!/css/**");
  }
}
