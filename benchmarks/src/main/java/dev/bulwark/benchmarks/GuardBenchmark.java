package dev.bulwark.benchmarks;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.Subject;
import dev.bulwark.events.SecurityEvents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One policy decision through {@link Guard}: the owner reading their document ({@link #allowOwner},
 * the path almost every request takes), the same decision by calling the policy directly ({@link
 * #policyDirect}, so the difference is what the guard adds: the policy lookup, the action-type check
 * and the null and exception handling), and a stranger refused with 404 ({@link #hideStranger},
 * which also writes the audit line, here to a no-op logger, and throws the stack-less exception).
 *
 * <p>Target: {@link #allowOwner} under 100 ns median.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardBenchmark {

  /** A document with an owner. */
  public record Doc(long id, String owner) {}

  /** What can be done with documents. */
  public enum DocAction { READ, UPDATE, DELETE }

  /** The benchmark's policy: owners do anything, admins read, others see nothing. */
  public static final class DocPolicy implements Policy<Doc, DocAction> {
    private static final Decision HIDDEN = Decision.hide("not the owner");
    private static final Decision READ_ONLY = Decision.deny("admins read only");

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
        case READ -> owner || subject.hasRole("ADMIN") ? Decision.allow() : HIDDEN;
        case UPDATE, DELETE -> owner ? Decision.allow() : subject.hasRole("ADMIN") ? READ_ONLY : HIDDEN;
      };
    }

    @Override
    public Object idOf(Doc doc) {
      return doc.id();
    }
  }

  private final DocPolicy policy = new DocPolicy();
  private Guard guard;
  private Subject alice;
  private Subject bob;
  private Doc doc;

  /** Builds the guard and checks the decisions are the expected ones. */
  @Setup
  public void setUp() {
    guard = Guard.builder().policy(policy).events(new SecurityEvents()).build();
    alice = Subject.of(new String("alice"), "USER");
    bob = Subject.of("bob", "USER");
    doc = new Doc(42, "alice");
    if (!guard.decide(alice, DocAction.UPDATE, doc).allowed() || guard.decide(bob, DocAction.READ, doc).allowed()) {
      throw new IllegalStateException("unexpected decisions");
    }
  }

  /** The owner updates their document through the guard. */
  @Benchmark
  public Doc allowOwner() {
    return guard.check(alice, DocAction.UPDATE, doc);
  }

  /** The same decision, calling the policy directly. */
  @Benchmark
  public Decision policyDirect() {
    return policy.decide(alice, DocAction.UPDATE, doc);
  }

  /** A stranger is refused with 404: audited, counted, thrown. */
  @Benchmark
  public Object hideStranger() {
    try {
      return guard.check(bob, DocAction.READ, doc);
    } catch (AuthorizationException e) {
      return e;
    }
  }
}
