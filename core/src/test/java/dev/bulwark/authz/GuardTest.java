package dev.bulwark.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardTest {

  record Doc(long id, String owner, String tenant) {}

  static final class SecretDoc {}

  enum DocAction { READ, EDIT, CREATE, LIST }

  enum OtherAction { READ }

  static class DocPolicy implements Policy<Doc, DocAction> {
    @Override
    public Class<Doc> resourceType() {
      return Doc.class;
    }

    @Override
    public Class<DocAction> actionType() {
      return DocAction.class;
    }

    @Override
    public Decision decide(Subject subject, DocAction action, Doc doc) {
      boolean owner = subject.is(doc.owner());
      return switch (action) {
        case READ -> owner || subject.hasRole("AUDITOR") ? Decision.allow() : Decision.hide("not the owner");
        case EDIT -> owner ? Decision.allow() : subject.hasRole("AUDITOR") ? Decision.deny("auditors read only") : Decision.hide("not the owner");
        case CREATE, LIST -> Decision.deny("not an object action");
      };
    }

    @Override
    public Decision decide(Subject subject, DocAction action) {
      return action == DocAction.CREATE && subject.authenticated() ? Decision.allow() : Decision.deny("anonymous");
    }

    @Override
    public Scope scope(Subject subject, DocAction action) {
      return subject.hasRole("AUDITOR") ? Scope.all() : Scope.where("owner", subject.id());
    }

    @Override
    public Object idOf(Doc doc) {
      return doc.id();
    }
  }

  final SecurityEvents events = new SecurityEvents();
  final Guard guard = Guard.builder().policy(new DocPolicy()).events(events).build();
  final Doc alicesDoc = new Doc(42, "alice", "t1");
  final Subject alice = Subject.of("alice", "USER");
  final Subject bob = Subject.of("bob", "USER");
  final Subject auditor = Subject.of("carol", "AUDITOR");

  @Test
  void ownerIsAllowedAndNothingIsCounted() {
    assertThat(guard.decide(alice, DocAction.READ, alicesDoc).allowed()).isTrue();
    assertThat(guard.check(alice, DocAction.EDIT, alicesDoc)).isSameAs(alicesDoc);
    assertThat(events.count(SecurityEvent.AUTHORIZATION_DENIED)).isZero();
  }

  @Test
  void strangerGetsHiddenAnswerAsNotFound() {
    assertThat(guard.decide(bob, DocAction.READ, alicesDoc)).isInstanceOf(Decision.Hide.class);
    assertThatThrownBy(() -> guard.check(bob, DocAction.READ, alicesDoc))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.toProblem().status()).isEqualTo(404);
          assertThat(e.toProblem().detail()).isNull();
          assertThat(e.toProblem().type()).isEqualTo("about:blank");
          assertThat(e.getStackTrace()).isEmpty();
        });
    assertThat(events.count(SecurityEvent.AUTHORIZATION_DENIED)).isEqualTo(2);
  }

  @Test
  void denialAnswersForbiddenWithoutTheReason() {
    assertThatThrownBy(() -> guard.check(auditor, DocAction.EDIT, alicesDoc))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.decision().reason()).isEqualTo("auditors read only");
          assertThat(e.toProblem().toString()).doesNotContain("auditors");
        });
  }

  @Test
  void typeWithoutPolicyIsDeniedByDefault() {
    assertThat(guard.decide(alice, OtherAction.READ, new SecretDoc())).isInstanceOf(Decision.Deny.class);
    assertThat(guard.scope(alice, SecretDoc.class, OtherAction.READ)).isEqualTo(Scope.nothing());
    assertThat(guard.decideType(alice, SecretDoc.class, OtherAction.READ).allowed()).isFalse();
    assertThat(guard.refusalCounts())
        .filteredOn(c -> c.resource().equals("unregistered"))
        .singleElement()
        .satisfies(c -> assertThat(c.count().getAsLong()).isEqualTo(2));
  }

  @Test
  void actionOfAnotherEnumIsDenied() {
    assertThat(guard.decide(alice, OtherAction.READ, alicesDoc).allowed()).isFalse();
  }

  @Test
  void twoPoliciesForOneTypeFailAtBuild() {
    assertThatThrownBy(() -> Guard.of(new DocPolicy(), new DocPolicy()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two authorization policies for " + Doc.class.getName());
  }

  @Test
  void policyThatThrowsOrReturnsNullDenies() {
    Policy<Doc, DocAction> broken = new DocPolicy() {
      @Override
      public Decision decide(Subject subject, DocAction action, Doc doc) {
        if (action == DocAction.READ) {
          throw new IllegalStateException("database down");
        }
        return null;
      }
    };
    Guard brokenGuard = Guard.of(broken);
    assertThat(brokenGuard.decide(alice, DocAction.READ, alicesDoc)).isInstanceOf(Decision.Deny.class);
    assertThat(brokenGuard.decide(alice, DocAction.EDIT, alicesDoc)).isInstanceOf(Decision.Deny.class);
    assertThat(brokenGuard.filter(alice, DocAction.READ, List.of(alicesDoc))).isEmpty();
  }

  @Test
  void filterKeepsAllowedInOrder() {
    Doc bobs = new Doc(7, "bob", "t1");
    Doc alices2 = new Doc(43, "alice", "t1");
    assertThat(guard.filter(alice, DocAction.READ, List.of(alicesDoc, bobs, alices2))).containsExactly(alicesDoc, alices2);
    assertThat(guard.filter(auditor, DocAction.READ, List.of(alicesDoc, bobs))).containsExactly(alicesDoc, bobs);
  }

  @Test
  void scopeComesFromThePolicy() {
    assertThat(guard.scope(alice, Doc.class, DocAction.LIST)).isEqualTo(Scope.where("owner", "alice"));
    assertThat(guard.scope(auditor, Doc.class, DocAction.LIST)).isEqualTo(Scope.all());
    Scope scope = guard.scope(alice, Doc.class, DocAction.LIST);
    assertThat(scope.includes(Map.of("owner", "alice")::get)).isTrue();
    assertThat(scope.includes(Map.of("owner", "bob")::get)).isFalse();
  }

  @Test
  void typeLevelActions() {
    guard.checkType(alice, Doc.class, DocAction.CREATE);
    assertThatThrownBy(() -> guard.checkType(Subject.anonymous(), Doc.class, DocAction.CREATE))
        .isInstanceOf(AuthorizationException.class);
  }

  @Test
  void currentSubjectOverloadsUseTheConfiguredSource() {
    Guard withSource = Guard.builder().policy(new DocPolicy()).currentSubject(() -> alice).build();
    assertThat(withSource.check(DocAction.READ, alicesDoc)).isSameAs(alicesDoc);
    assertThat(Guard.of(new DocPolicy()).decide(DocAction.READ, alicesDoc).allowed()).isFalse();
  }

  @Test
  void subtypesUseTheirSupertypePolicy() {
    Guard objects = Guard.of(new Policy<CharSequence, OtherAction>() {
      @Override
      public Class<CharSequence> resourceType() {
        return CharSequence.class;
      }

      @Override
      public Class<OtherAction> actionType() {
        return OtherAction.class;
      }

      @Override
      public Decision decide(Subject subject, OtherAction action, CharSequence resource) {
        return Decision.allow();
      }
    });
    assertThat(objects.decide(alice, OtherAction.READ, "a string").allowed()).isTrue();
    assertThat(objects.decide(alice, OtherAction.READ, new StringBuilder("x")).allowed()).isTrue();
  }

  @Test
  void actionNamesParseOrExplain() {
    assertThat(guard.action(Doc.class, "EDIT")).isEqualTo(DocAction.EDIT);
    assertThatThrownBy(() -> guard.action(Doc.class, "WRITE"))
        .hasMessageContaining("expected one of [READ, EDIT, CREATE, LIST]");
    assertThatThrownBy(() -> guard.action(SecretDoc.class, "READ")).hasMessageContaining("no authorization policy");
  }

  @Test
  void refusalsAreCountedByResourceActionAndOutcome() {
    guard.decide(bob, DocAction.READ, alicesDoc);
    guard.decide(auditor, DocAction.EDIT, alicesDoc);
    guard.decide(bob, DocAction.EDIT, alicesDoc);
    assertThat(guard.refusalCounts())
        .filteredOn(c -> c.count().getAsLong() > 0)
        .extracting(c -> c.resource() + "/" + c.action() + "/" + c.outcome() + "=" + c.count().getAsLong())
        .containsExactlyInAnyOrder("Doc/READ/hide=1", "Doc/EDIT/deny=1", "Doc/EDIT/hide=1");
  }

  @Test
  void scopeConditionsCombine() {
    assertThat(Scope.where("owner", "a").and("tenant", "t")).isEqualTo(new Scope.Where(Map.of("owner", "a", "tenant", "t")));
    assertThat(Scope.where("owner", "a").and("owner", "b")).isEqualTo(Scope.nothing());
    assertThat(Scope.nothing().and("owner", "a")).isEqualTo(Scope.nothing());
    assertThat(Scope.all().and("owner", "a")).isEqualTo(Scope.where("owner", "a"));
    assertThatThrownBy(() -> Scope.where("owner", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anonymousSubjectIsNeverAnOwner() {
    assertThat(Subject.anonymous().is(null)).isFalse();
    assertThat(guard.decide(Subject.anonymous(), DocAction.READ, new Doc(1, null, null)).allowed()).isFalse();
    assertThat(guard.decide(null, DocAction.READ, alicesDoc).allowed()).isFalse();
  }

  static final class Other {
    record Doc(long id) {}
  }

  @Test
  void resourceTypesSharingASimpleNameGetTheirFullNamesAsTags() {
    Policy<Other.Doc, OtherAction> otherDocs = new Policy<>() {
      @Override
      public Class<Other.Doc> resourceType() {
        return Other.Doc.class;
      }

      @Override
      public Class<OtherAction> actionType() {
        return OtherAction.class;
      }

      @Override
      public Decision decide(Subject subject, OtherAction action, Other.Doc resource) {
        return Decision.deny("never");
      }
    };
    Guard both = Guard.of(new DocPolicy(), otherDocs);
    assertThat(both.refusalCounts()).extracting(Guard.RefusalCount::resource).contains(Doc.class.getName(), Other.Doc.class.getName())
        .doesNotContain("Doc");
    assertThat(guard.refusalCounts()).extracting(Guard.RefusalCount::resource).contains("Doc");
  }
}
