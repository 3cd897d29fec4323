package dev.bulwark.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.problem.ProblemWriter;
import org.junit.jupiter.api.Test;

class AuthorizationExceptionTest {

  @Test
  void neitherTheMessageNorTheProblemCarriesTheReason() {
    AuthorizationException hidden = new AuthorizationException(Decision.hide("note 42 belongs to alice"), "Note", "READ");
    AuthorizationException denied = new AuthorizationException(Decision.deny("admins are read-only"), "Note", "UPDATE");

    assertThat(hidden.getMessage()).isEqualTo("Note READ refused (hidden)");
    assertThat(denied.getMessage()).isEqualTo("Note UPDATE refused (denied)");
    assertThat(hidden.decision().reason()).as("still there for the audit log").isEqualTo("note 42 belongs to alice");
    for (AuthorizationException e : new AuthorizationException[] {hidden, denied}) {
      assertThat(e.toString() + ProblemWriter.toJson(e.toProblem())).doesNotContain("alice", "42", "read-only");
      assertThat(e.getStackTrace()).as("an expected outcome, no stack trace to fill").isEmpty();
    }
  }

  @Test
  void hiddenAndMissingAre404DeniedIs403() {
    AuthorizationException hidden = new AuthorizationException(Decision.hide("x"), "Note", "READ");
    AuthorizationException missing = AuthorizationException.notFound(String.class);
    AuthorizationException denied = new AuthorizationException(Decision.deny("x"), "Note", "UPDATE");
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.toProblem()).isEqualTo(hidden.toProblem());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.toProblem().type()).isEqualTo("urn:bulwark:problem:access-denied");
  }

  @Test
  void anAllowIsNoRefusal() {
    assertThatThrownBy(() -> new AuthorizationException(Decision.allow(), "Note", "READ")).isInstanceOf(IllegalArgumentException.class);
  }
}
