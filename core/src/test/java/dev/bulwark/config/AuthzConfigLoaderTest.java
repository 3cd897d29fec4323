package dev.bulwark.config;

import static dev.bulwark.config.BulwarkConfigLoaderTest.assertFails;
import static dev.bulwark.config.BulwarkConfigLoaderTest.load;
import static dev.bulwark.config.BulwarkConfigLoaderTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.authz.AuthzConfig;
import dev.bulwark.authz.AuthzConfig.PathRule;
import dev.bulwark.authz.AuthzConfig.PathRule.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding {@code bulwark.authz.*} from flat properties, as servlet applications configure it. */
class AuthzConfigLoaderTest {

  @Test
  void defaults() {
    AuthzConfig authz = load().authz();
    assertThat(authz.unguarded()).isEqualTo(AuthzConfig.Unguarded.WARN);
    assertThat(authz.roles()).containsExactly("USER", "ADMIN");
    assertThat(authz.rules()).isEmpty();
    assertThat(authz).isEqualTo(AuthzConfig.defaults());
  }

  @Test
  void scalarSettings() {
    AuthzConfig authz =
        load("bulwark.authz.unguarded", "FAIL", "bulwark.authz.roles", " USER , AUDITOR ").authz();
    assertThat(authz.unguarded()).isEqualTo(AuthzConfig.Unguarded.FAIL);
    assertThat(authz.roles()).containsExactly("USER", "AUDITOR");
    assertThat(load("bulwark.authz.unguarded", "fail").authz().unguarded()).isEqualTo(AuthzConfig.Unguarded.FAIL);
  }

  @Test
  void indexedRulesInIndexOrder() {
    AuthzConfig authz =
        load(
                "bulwark.authz.rules[1].patterns", "/admin/**",
                "bulwark.authz.rules[1].methods", "post, Delete",
                "bulwark.authz.rules[1].access", "roles",
                "bulwark.authz.rules[1].roles", "ADMIN, OPS",
                "bulwark.authz.rules[0].patterns[0]", "/open/**",
                "bulwark.authz.rules[0].patterns[1]", "/health",
                "bulwark.authz.rules[0].access", "public",
                "bulwark.authz.rules[2].patterns", "/internal/**",
                "bulwark.authz.rules[2].access", "DENY",
                "bulwark.authz.rules[3].patterns", "/api/**")
            .authz();
    assertThat(authz.rules())
        .containsExactly(
            new PathRule(List.of("/open/**", "/health"), List.of(), Access.PUBLIC, List.of()),
            new PathRule(List.of("/admin/**"), List.of("POST", "DELETE"), Access.ROLES, List.of("ADMIN", "OPS")),
            new PathRule(List.of("/internal/**"), List.of(), Access.DENY, List.of()),
            new PathRule(List.of("/api/**"), List.of(), Access.AUTHENTICATED, List.of()));
  }

  @Test
  void rolesWithoutAnAccessMeanAccessRoles() {
    PathRule rule = load("bulwark.authz.rules[0].patterns", "/admin/**", "bulwark.authz.rules[0].roles", "ADMIN").authz().rules().get(0);
    assertThat(rule.access()).isEqualTo(Access.ROLES);
    assertThat(rule.roles()).containsExactly("ADMIN");
  }

  @Test
  void aBadAccessValueNamesTheProperty() {
    assertFails(
        map("bulwark.authz.rules[0].patterns", "/a/**", "bulwark.authz.rules[1].patterns", "/b/**", "bulwark.authz.rules[1].access", "admins"),
        "bulwark.authz.rules[1].access",
        "invalid value 'admins'",
        "allowed values: public, authenticated, roles, deny");
  }

  @Test
  void aBadUnguardedValueNamesTheProperty() {
    assertFails(map("bulwark.authz.unguarded", "ignore"), "bulwark.authz.unguarded", "invalid value 'ignore'", "allowed values: warn, fail");
  }

  @Test
  void incompleteRulesNameTheRule() {
    assertFails(map("bulwark.authz.rules[0].access", "deny"), "bulwark.authz.rules[0]", "patterns must list at least one");
    assertFails(
        map("bulwark.authz.rules[0].patterns", "/admin/**", "bulwark.authz.rules[0].access", "roles"),
        "bulwark.authz.rules[0]",
        "needs at least one role");
    assertFails(map("bulwark.authz.rules[3].patterns", "admin/**"), "bulwark.authz.rules[3]", "must start with '/'");
  }

  @Test
  void aMisspelledRuleSettingIsUnknown() {
    assertFails(
        map("bulwark.authz.rules[0].patterns", "/admin/**", "bulwark.authz.rules[0].role", "ADMIN"),
        "bulwark.authz.rules[0].role",
        "unknown setting");
  }

  @Test
  void rulesFromEnvironmentVariables() {
    AuthzConfig authz =
        BulwarkConfigLoader.load(
                ConfigSource.fromEnvironment(
                    Map.of(
                        "BULWARK_AUTHZ_RULES_0_PATTERNS", "/admin/**",
                        "BULWARK_AUTHZ_RULES_0_ACCESS", "deny",
                        "BULWARK_AUTHZ_UNGUARDED", "fail")))
            .authz();
    assertThat(authz.rules()).containsExactly(new PathRule(List.of("/admin/**"), List.of(), Access.DENY, List.of()));
    assertThat(authz.unguarded()).isEqualTo(AuthzConfig.Unguarded.FAIL);
  }
}
