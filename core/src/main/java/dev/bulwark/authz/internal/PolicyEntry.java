package dev.bulwark.authz.internal;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** One registered policy with its refusal counters, precomputed per action and outcome. */
public final class PolicyEntry {

  /** Refusal counters indexed by action ordinal and outcome. */
  public static final class Counters {
    private final LongAdder[] denied;
    private final LongAdder[] hidden;

    /** Creates counters for a number of actions. */
    public Counters(int actions) {
      denied = new LongAdder[actions];
      hidden = new LongAdder[actions];
      for (int i = 0; i < actions; i++) {
        denied[i] = new LongAdder();
        hidden[i] = new LongAdder();
      }
    }

    /** Counts one refusal. */
    public void increment(int action, boolean hide) {
      (hide ? hidden : denied)[action].increment();
    }

    /** Reads a counter. */
    public LongSupplier counter(int action, boolean hide) {
      LongAdder adder = (hide ? hidden : denied)[action];
      return adder::sum;
    }
  }

  /** Receives one counter. */
  @FunctionalInterface
  public interface CounterVisitor {
    /** Receives the action name, the outcome and the counter. */
    void visit(String action, String outcome, LongSupplier counter);
  }

  @SuppressWarnings("rawtypes")
  private final Policy policy;

  private final Class<?> resourceType;
  private final Class<?> actionType;
  private final Enum<?>[] actions;
  private final Counters counters;

  /** Wraps a policy. */
  public PolicyEntry(Policy<?, ?> policy) {
    this.policy = policy;
    this.resourceType = policy.resourceType();
    this.actionType = policy.actionType();
    this.actions = policy.actionType().getEnumConstants();
    this.counters = new Counters(actions.length);
  }

  /** The policy. */
  public Policy<?, ?> policy() {
    return policy;
  }

  /** The resource type. */
  public Class<?> resourceType() {
    return resourceType;
  }

  /** The action enum. */
  public Class<?> actionType() {
    return actionType;
  }

  /** Calls the policy; the caller has checked the action's type. */
  @SuppressWarnings("unchecked")
  public Decision decide(Subject subject, Enum<?> action, Object resource) {
    return policy.decide(subject, action, resource);
  }

  /** Calls the policy's type-level rule; the caller has checked the action's type. */
  @SuppressWarnings("unchecked")
  public Decision decideType(Subject subject, Enum<?> action) {
    return policy.decide(subject, action);
  }

  /** Calls the policy's scope; the caller has checked the action's type. */
  @SuppressWarnings("unchecked")
  public Scope scope(Subject subject, Enum<?> action) {
    return policy.scope(subject, action);
  }

  /** The object's id for the audit log, or {@code null}; never throws. */
  @SuppressWarnings("unchecked")
  public Object idOf(Object resource) {
    try {
      return policy.idOf(resource);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Counts one refusal. */
  public void count(int actionOrdinal, boolean hide) {
    counters.increment(actionOrdinal, hide);
  }

  /** Visits every counter. */
  public void forEachCounter(CounterVisitor visitor) {
    for (Enum<?> action : actions) {
      visitor.visit(action.name(), "deny", counters.counter(action.ordinal(), false));
      visitor.visit(action.name(), "hide", counters.counter(action.ordinal(), true));
    }
  }
}
