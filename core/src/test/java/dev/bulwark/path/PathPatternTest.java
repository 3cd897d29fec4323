package dev.bulwark.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    // exact
    "/api/notes, /api/notes, true",
    "/api/notes, /api/notes/, true",
    "/api/notes, /api/note, false",
    "/api/notes, /api/notesx, false",
    "/api/notes, /api, false",
    "/api/notes, /api/notes/1, false",
    "/api/notes, /API/notes, false",
    "/api/notes, api/notes, false",
    "/api/notes/, /api/notes, true",
    "/api/notes/, /api/notes/, true",
    // root
    "/, /, true",
    "/, /a, false",
    // one segment
    "/*, /a, true",
    "/*, /a/, true",
    "/*, /, false",
    "/*, /a/b, false",
    "/api/*, /api/notes, true",
    "/api/*, /api, false",
    "/api/*, /api/, false",
    "/api/*, /api/a/b, false",
    "/api/*/edit, /api/7/edit, true",
    "/api/*/edit, /api//edit, false",
    "/api/*/edit, /api/7/8/edit, false",
    // variables
    "/users/{id}, /users/42, true",
    "/users/{id}, /users/, false",
    "/users/{id}, /users, false",
    "/users/{id}/notes/{noteId}, /users/1/notes/2, true",
    "/users/{id}/notes/{noteId}, /users/1/notes, false",
    // any depth
    "/**, /, true",
    "/**, /a/b/c, true",
    "/static/**, /static, true",
    "/static/**, /static/, true",
    "/static/**, /static/app.js, true",
    "/static/**, /static/a/b/c.css, true",
    "/static/**, /staticx, false",
    "/static/**, /stati, false",
    "/static/**, /api/static/a, false",
    // any depth in the middle
    "/api/**/edit, /api/edit, true",
    "/api/**/edit, /api/a/edit, true",
    "/api/**/edit, /api/a/b/c/edit, true",
    "/api/**/edit, /api/a/b/c/edit/, true",
    "/api/**/edit, /api/a/edit/b, false",
    "/api/**/edit, /api/a/editx, false",
    "/api/**/edit, /api, false",
    "/api/**/edit, /other/a/edit, false",
    "/**/*.css, /a/b/site.css, true",
    "/**/*.css, /site.css, true",
    "/**/*.css, /a/site.js, false",
    // suffix and prefix in a segment
    "/assets/*.css, /assets/site.css, true",
    "/assets/*.css, /assets/.css, true",
    "/assets/*.css, /assets/site.js, false",
    "/assets/*.css, /assets/css, false",
    "/assets/*.css, /assets/a/site.css, false",
    "/assets/app-*, /assets/app-1.js, true",
    "/assets/app-*, /assets/app-, true",
    "/assets/app-*, /assets/ap, false",
    "/assets/app-*.js, /assets/app-12.js, true",
    "/assets/app-*.js, /assets/app-.js, true",
    "/assets/app-*.js, /assets/app.js, false",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(PathPattern.of(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  @Timeout(10)
  void manyDoubleStarsMatchWithoutBacktrackingThroughEverySplit() {
    // Trying every split of the path between the ** segments took seconds here (a fuzz test's
    // finding); a request path of a few kilobytes against such a pattern would take forever.
    PathPattern pattern = PathPattern.of("/**/a/**/a/**/a/**/a/**/a/**/a/**/b");
    String path = "/" + "a/".repeat(2000) + "c";
    assertThat(pattern.matches(path)).isFalse();
    assertThat(pattern.matches(path + "/b")).isTrue();
  }

  @Test
  void quotesAtMostTheStartOfABadPattern() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.of("x".repeat(500)))
        .withMessage("path pattern '" + "x".repeat(60) + "...' must start with '/' (or '!/' to exclude)");
  }

  @Test
  void refusesPathsThatAreNotAbsolute() {
    PathPattern pattern = PathPattern.of("/**");
    assertThat(pattern.matches(null)).isFalse();
    assertThat(pattern.matches("")).isFalse();
    assertThat(pattern.matches("a/b")).isFalse();
    assertThat(pattern.matches("*")).isFalse();
  }

  @Test
  void refusesPatternsWithoutLeadingSlash() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.of("static/**"))
        .withMessage("path pattern 'static/**' must start with '/' (or '!/' to exclude)");
    assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.of(""));
    assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.of("**"));
  }

  @Test
  void trimsThePattern() {
    PathPattern pattern = PathPattern.of("  /api/*  ");
    assertThat(pattern).hasToString("/api/*");
    assertThat(pattern.matches("/api/x")).isTrue();
  }

  @Test
  void reportsDoubleStar() {
    assertThat(PathPattern.of("/a/**").hasDoubleStar()).isTrue();
    assertThat(PathPattern.of("/a/**/b").hasDoubleStar()).isTrue();
    assertThat(PathPattern.of("/a/*").hasDoubleStar()).isFalse();
    assertThat(PathPattern.of("/a/b").hasDoubleStar()).isFalse();
  }

  @Test
  void pathOverrideNeedsValidPatterns() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PathOverride(List.of(), null, null, null, null, null, null, null))
        .withMessageContaining("at least one");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PathOverride(null, null, null, null, null, null, null, null));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PathOverride(List.of("/ok/**", "bad"), null, null, null, null, null, null, null))
        .withMessageContaining("'bad'");
    assertThat(new PathOverride(List.of("/static/**"), false, null, null, null, null, null, null).patterns())
        .containsExactly("/static/**");
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().withChars("/ab.*{}").ofMaxLength(40))
        .map(rest -> "/" + rest);
  }

  @Property
  void doubleStarMatchesEveryAbsolutePath(@ForAll("paths") String path) {
    assertThat(PathPattern.of("/**").matches(path)).isTrue();
  }

  @Property
  void aPatternWithoutWildcardsMatchesItselfAndItsTrailingSlash(@ForAll("segments") List<String> segments) {
    String path = "/" + String.join("/", segments);
    PathPattern pattern = PathPattern.of(path);
    assertThat(pattern.matches(path)).isTrue();
    assertThat(pattern.matches(path + "/")).isTrue();
    assertThat(pattern.matches(path + "x")).isFalse();
    assertThat(pattern.matches(path + "/x")).isFalse();
  }

  @Property
  void prefixDoubleStarMatchesEverythingBelowThePrefix(
      @ForAll("segments") List<String> prefix, @ForAll("paths") String rest) {
    String base = "/" + String.join("/", prefix);
    PathPattern pattern = PathPattern.of(base + "/**");
    assertThat(pattern.matches(base + rest)).isTrue();
    assertThat(pattern.matches(base + "x" + rest)).isFalse();
  }

  @Property
  void starMatchesExactlyOneNonEmptySegment(@ForAll("segments") List<String> segments) {
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      pattern.append("/*");
    }
    String path = "/" + String.join("/", segments);
    assertThat(PathPattern.of(pattern.toString()).matches(path)).isTrue();
    assertThat(PathPattern.of(pattern + "/*").matches(path)).isFalse();
  }

  @Provide
  Arbitrary<List<String>> segments() {
    return Arbitraries.strings().withChars("abcxyz0123-_.~%").ofMinLength(1).ofMaxLength(6).list().ofMinSize(1).ofMaxSize(5);
  }

  @ParameterizedTest(name = "{0} covers {1} -> {2}")
  @CsvSource({
    "/**, /, true",
    "/**, /**, true",
    "/**, /api/notes/**, true",
    "/api/**, /api/notes/**, true",
    "/api/**, /api/**, true",
    "/api/**, /api, true",
    "/api/**, /**, false",
    "/api/**, /apix/**, false",
    "/api/*/**, /api/notes/**, true",
    "/api/*/**, /api/**, false",
    "/**/notes/**, /api/notes/**, true",
    "/api/notes/**, /api/**, false",
    "/api/notes, /api/notes, true",
    "/api/*, /api/notes, true",
    "/api/*, /api/notes/**, false",
    "/api/notes, /api/*, false",
    "/api/**, /api/*.json, false",
    "/, /, true",
    "/index, /, false",
    // a whole-segment * is a path variable: any segment, so only * or ** takes it
    "/api/**, /api/*, true",
    "/api/*, /api/*, true",
    "/api/**, /api/*/edit, true",
    "/api/*/edit, /api/*/edit, true",
    "/api/a*, /api/*, false",
    "/api/notes/*, /api/*/edit, false",
    "/api/*/**, /api/*/pets/**, true",
    "/api/notes/**, /api/*/pets/**, false",
  })
  void coversOnlyWhatItCertainlyMatches(String pattern, String other, boolean expected) {
    assertThat(PathPattern.of(pattern).covers(PathPattern.of(other))).isEqualTo(expected);
  }

  @Property
  void aCoveredPatternsPathsAllMatch(
      @ForAll("rulePatterns") String pattern, @ForAll("literalPaths") String prefix, @ForAll("literalPaths") String tail) {
    PathPattern under = PathPattern.of(prefix + "/**");
    if (PathPattern.of(pattern).covers(under)) {
      String path = (prefix + tail).isEmpty() ? "/" : prefix + tail;
      assertThat(under.matches(path)).isTrue();
      assertThat(PathPattern.of(pattern).matches(path)).as("%s covers %s/**, so it matches %s", pattern, prefix, path).isTrue();
    }
  }

  @Provide
  Arbitrary<String> literalPaths() {
    return Arbitraries.of("a", "b", "api").list().ofMaxSize(3).map(s -> s.isEmpty() ? "" : "/" + String.join("/", s));
  }

  @Provide
  Arbitrary<String> rulePatterns() {
    return Arbitraries.of("a", "b", "api", "*", "**", "{id}", "a*").list().ofMinSize(1).ofMaxSize(4).map(s -> "/" + String.join("/", s));
  }

  @Test
  void anExclusionTakesPathsOutOfAList() {
    PathPattern[] list = {PathPattern.of("/**"), PathPattern.of("!/css/**"), PathPattern.of("!/favicon.ico")};
    assertThat(PathPattern.anyMatches(list, "/owners/1")).isTrue();
    assertThat(PathPattern.anyMatches(list, "/")).isTrue();
    assertThat(PathPattern.anyMatches(list, "/css/site.css")).isFalse();
    assertThat(PathPattern.anyMatches(list, "/css")).isFalse();
    assertThat(PathPattern.anyMatches(list, "/favicon.ico")).isFalse();
    assertThat(PathPattern.anyMatches(list, "/cssx/site.css")).isTrue();
    // order does not matter: an exclusion before the pattern it narrows works the same
    PathPattern[] reversed = {PathPattern.of("!/css/**"), PathPattern.of("/**")};
    assertThat(PathPattern.anyMatches(reversed, "/css/site.css")).isFalse();
    assertThat(PathPattern.anyMatches(reversed, "/api")).isTrue();
    assertThat(PathPattern.anyMatches(new PathPattern[] {PathPattern.of("!/css/**")}, "/api"))
        .as("exclusions alone match nothing")
        .isFalse();
    assertThat(PathPattern.of("!/css/**").excludes()).isTrue();
    assertThat(PathPattern.of("!/css/**")).hasToString("!/css/**");
    assertThat(PathPattern.of("/**").covers(PathPattern.of("!/css/**"))).isFalse();
    assertThat(PathPattern.of("!/**").covers(PathPattern.of("/css/**"))).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.of("!css/**")).withMessageContaining("'!/' to exclude");
  }
}
