package dev.bulwark.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void cleanRemovesLineBreaksAndQuotesSoNoLineCanBeForged() {
    assertThat(AuditLog.clean("bob\nauthorization denied: subject=admin \"x\"\u2028"))
        .isEqualTo("bob_authorization denied: subject=admin _x__")
        .doesNotContain("\n");
  }

  @Test
  void cleanCapsLength() {
    assertThat(AuditLog.clean("x".repeat(500))).hasSize(123).endsWith("...");
    assertThat(AuditLog.clean("plain")).isEqualTo("plain");
  }
}
