package dev.bulwark.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.CspViolation;
import org.junit.jupiter.api.Test;

/** Each kind of CSP violation names a way to allow it, in the application or in a setting. */
class AdviceTest {

  private static String advice(String directive, String blocked) {
    return Advice.forViolation(new CspViolation(directive, blocked, "/docs", "", false));
  }

  @Test
  void anInlineStyleNoTemplateHoldsCanBeAllowedOnItsRouteOnly() {
    // spring-petclinic-rest: Swagger UI inserts its <style> at run time, so no template finding
    // holds a hash for it.
    assertThat(advice("style-src-elem", "inline"))
        .contains("th:nonce")
        .contains("bulwark.paths[n].csp")
        .contains("'unsafe-inline'");
  }

  @Test
  void attributesHandlersEvalSchemesAndOriginsEachHaveTheirOwnAdvice() {
    assertThat(advice("style-src-attr", "inline")).contains("'unsafe-hashes'").contains("style-attribute-blocked");
    assertThat(advice("script-src-attr", "inline")).contains("listener");
    assertThat(advice("script-src-elem", "inline")).contains("'strict-dynamic'").doesNotContain("'unsafe-inline'");
    assertThat(advice("script-src", "eval")).contains("'unsafe-eval'");
    assertThat(advice("img-src", "data")).isEqualTo("Add data: to img-src in bulwark.headers.csp.html-policy, or serve it from this origin.");
    assertThat(advice("connect-src", "https://api.example.net")).contains("Add https://api.example.net to connect-src");
  }
}
