package dev.bulwark.authz;

import dev.bulwark.authz.internal.AuditLog;
import dev.bulwark.authz.internal.PolicyEntry;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link Policy policies} of an application: checks one object (throwing {@link
 * AuthorizationException}), asks without throwing, filters a collection, and gives list endpoints
 * their query {@link Scope}. Deny by default: an action on a type without a policy is refused, and
 * so is a decision whose policy throws. Every refusal goes to the audit logger {@code
 * dev.bulwark.audit.authz} and the {@code bulwark.security.events} counter. Thread-safe; a decision
 * on an allowed path allocates nothing beyond what the policy itself does.
 */
public final class Guard {

  private static final Logger log = LoggerFactory.getLogger(Guard.class);

  private final Map<Class<?>, PolicyEntry> byType;
  private final ClassValue<PolicyEntry> lookup;
  private final SecurityEvents events;
  private final Supplier<Subject> currentSubject;
  private final AuditLog audit;
  private final PolicyEntry.Counters unregistered = new PolicyEntry.Counters(1);

  private Guard(Builder builder) {
    Map<Class<?>, PolicyEntry> entries = new LinkedHashMap<>();
    for (Policy<?, ?> policy : builder.policies) {
      Class<?> type = Objects.requireNonNull(policy.resourceType(), "resourceType() of " + policy.getClass());
      Objects.requireNonNull(policy.actionType(), "actionType() of " + policy.getClass());
      PolicyEntry previous = entries.put(type, new PolicyEntry(policy));
      if (previous != null) {
        throw new IllegalStateException(
            "two authorization policies for "
                + type.getName()
                + ": "
                + previous.policy().getClass().getName()
                + " and "
                + policy.getClass().getName()
                + "; keep one policy per resource type");
      }
    }
    this.byType = Collections.unmodifiableMap(entries);
    this.lookup =
        new ClassValue<>() {
          @Override
          protected PolicyEntry computeValue(Class<?> type) {
            return resolve(type);
          }
        };
    this.events = builder.events;
    this.currentSubject = builder.currentSubject;
    this.audit = new AuditLog(builder.requestIdKey);
  }

  /** Starts a guard. */
  public static Builder builder() {
    return new Builder();
  }

  /** A guard with these policies and no current-subject source. */
  public static Guard of(Policy<?, ?>... policies) {
    return builder().policies(List.of(policies)).build();
  }

  /**
   * Decides an action on one object without throwing. Refusals are audited and counted.
   *
   * @return the policy's decision; a refusal when the type has no policy, the action belongs to
   *     another enum, or the policy throws
   */
  public <R, A extends Enum<A>> Decision decide(Subject subject, A action, R resource) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    PolicyEntry entry = lookup.get(resource.getClass());
    if (entry == null) {
      return refuseUnregistered(subject, action, resource.getClass());
    }
    if (action.getDeclaringClass() != entry.actionType()) {
      return refuse(entry, subject, action, resource, Decision.deny("action " + action.getDeclaringClass().getSimpleName() + "." + action + " is not a " + entry.actionType().getSimpleName()), false);
    }
    Decision decision = ask(entry, subject, action, resource);
    return decision.allowed() ? decision : refuse(entry, subject, action, resource, decision, true);
  }

  /** Like {@link #decide(Subject, Enum, Object)} for the {@linkplain #currentSubject() current subject}. */
  public <R, A extends Enum<A>> Decision decide(A action, R resource) {
    return decide(currentSubject(), action, resource);
  }

  /**
   * Checks an action on one object.
   *
   * @return the resource, for chaining
   * @throws AuthorizationException when refused (403 for deny, 404 for hide)
   */
  public <R, A extends Enum<A>> R check(Subject subject, A action, R resource) {
    Decision decision = decide(subject, action, resource);
    if (!decision.allowed()) {
      throw new AuthorizationException(decision, resource.getClass().getSimpleName(), action.name());
    }
    return resource;
  }

  /** Like {@link #check(Subject, Enum, Object)} for the {@linkplain #currentSubject() current subject}. */
  public <R, A extends Enum<A>> R check(A action, R resource) {
    return check(currentSubject(), action, resource);
  }

  /** Whether an action on one object is allowed; refusals are audited like any other. */
  public <R, A extends Enum<A>> boolean allowed(Subject subject, A action, R resource) {
    return decide(subject, action, resource).allowed();
  }

  /**
   * Decides an action on a resource type rather than one object, such as creating one, through
   * {@link Policy#decide(Subject, Enum)}.
   */
  public <A extends Enum<A>> Decision decideType(Subject subject, Class<?> resourceType, A action) {
    PolicyEntry entry = lookup.get(resourceType);
    if (entry == null) {
      return refuseUnregistered(subject, action, resourceType);
    }
    if (action.getDeclaringClass() != entry.actionType()) {
      return refuse(entry, subject, action, null, Decision.deny("action is not a " + entry.actionType().getSimpleName()), false);
    }
    Decision decision = ask(entry, subject, action, null);
    return decision.allowed() ? decision : refuse(entry, subject, action, null, decision, true);
  }

  /**
   * Checks a type-level action, such as creating an object.
   *
   * @throws AuthorizationException when refused
   */
  public <A extends Enum<A>> void checkType(Subject subject, Class<?> resourceType, A action) {
    Decision decision = decideType(subject, resourceType, action);
    if (!decision.allowed()) {
      throw new AuthorizationException(decision, resourceType.getSimpleName(), action.name());
    }
  }

  /**
   * Keeps the objects a subject may take an action on, in their order. For lists that are already
   * in memory; prefer {@link #scope} so the store filters. Objects filtered out are not audited one
   * by one (a list of a thousand would flood the log).
   */
  public <R, A extends Enum<A>> List<R> filter(Subject subject, A action, Collection<? extends R> resources) {
    List<R> kept = new ArrayList<>(resources.size());
    Subject who = subject == null ? Subject.anonymous() : subject;
    for (R resource : resources) {
      PolicyEntry entry = resource == null ? null : lookup.get(resource.getClass());
      if (entry == null || action.getDeclaringClass() != entry.actionType()) {
        continue;
      }
      Decision decision;
      try {
        decision = entry.decide(who, action, resource);
      } catch (RuntimeException e) {
        log.warn("Authorization policy {} failed; the object is left out", entry.policy().getClass().getName(), e);
        continue;
      }
      if (decision != null && decision.allowed()) {
        kept.add(resource);
      }
    }
    return kept;
  }

  /**
   * The part of a resource type a subject may see for an action, for a list endpoint's query.
   * {@link Scope#nothing()} for a type without a policy or a policy that throws.
   */
  public <A extends Enum<A>> Scope scope(Subject subject, Class<?> resourceType, A action) {
    PolicyEntry entry = lookup.get(resourceType);
    if (entry == null || action.getDeclaringClass() != entry.actionType()) {
      return Scope.nothing();
    }
    try {
      Scope scope = entry.scope(subject == null ? Subject.anonymous() : subject, action);
      return scope == null ? Scope.nothing() : scope;
    } catch (RuntimeException e) {
      log.warn("Authorization policy {} failed to give a scope; the list is empty", entry.policy().getClass().getName(), e);
      return Scope.nothing();
    }
  }

  /** The subject of the current request, from the source the integration configured; anonymous otherwise. */
  public Subject currentSubject() {
    if (currentSubject == null) {
      return Subject.anonymous();
    }
    Subject subject = currentSubject.get();
    return subject == null ? Subject.anonymous() : subject;
  }

  /** The policy for a resource type (or one of its supertypes), or {@code null} when there is none. */
  public Policy<?, ?> policyFor(Class<?> resourceType) {
    PolicyEntry entry = lookup.get(resourceType);
    return entry == null ? null : entry.policy();
  }

  /**
   * Parses an action name for a resource type, for integrations that name actions in annotations.
   *
   * @throws IllegalArgumentException naming the allowed actions when the name is not one, or when
   *     the type has no policy
   */
  public Enum<?> action(Class<?> resourceType, String name) {
    PolicyEntry entry = lookup.get(resourceType);
    if (entry == null) {
      throw new IllegalArgumentException("no authorization policy for " + resourceType.getName());
    }
    for (Object constant : entry.actionType().getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return (Enum<?>) constant;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' is not an action of " + entry.actionType().getName() + "; expected one of "
            + List.of(entry.actionType().getEnumConstants()));
  }

  /** The policies this guard applies, by resource type. */
  public Map<Class<?>, Policy<?, ?>> policies() {
    Map<Class<?>, Policy<?, ?>> policies = new LinkedHashMap<>();
    byType.forEach((type, entry) -> policies.put(type, entry.policy()));
    return policies;
  }

  /**
   * Refusals since start, by resource type, action and outcome ({@code deny} or {@code hide}), for
   * metrics binders; refusals for types without a policy are under resource {@code unregistered}.
   * The resource tag is the type's simple name, or its full name where two types share one.
   */
  public List<RefusalCount> refusalCounts() {
    List<RefusalCount> counts = new ArrayList<>();
    Map<String, Long> simpleNames = new java.util.HashMap<>();
    byType.keySet().forEach(type -> simpleNames.merge(type.getSimpleName(), 1L, Long::sum));
    byType.forEach((type, entry) -> {
      // Two resource types with one simple name would share, and lose, one series.
      String tag = simpleNames.get(type.getSimpleName()) > 1 ? type.getName() : type.getSimpleName();
      entry.forEachCounter((action, outcome, counter) -> counts.add(new RefusalCount(tag, action, outcome, counter)));
    });
    counts.add(new RefusalCount("unregistered", "any", "deny", unregistered.counter(0, false)));
    return counts;
  }

  /**
   * A live count of refusals for one combination of tags.
   *
   * @param resource the resource type's simple name
   * @param action the action's name
   * @param outcome {@code deny} or {@code hide}
   * @param count reads the current total
   */
  public record RefusalCount(String resource, String action, String outcome, java.util.function.LongSupplier count) {}

  /**
   * Calls the policy for one object, or for the type when {@code resource} is null, failing closed:
   * a policy that throws or answers null denies.
   */
  private static Decision ask(PolicyEntry entry, Subject subject, Enum<?> action, Object resource) {
    Subject who = subject == null ? Subject.anonymous() : subject;
    Decision decision;
    try {
      decision = resource == null ? entry.decideType(who, action) : entry.decide(who, action, resource);
    } catch (RuntimeException e) {
      log.warn("Authorization policy {} failed; the action is denied", entry.policy().getClass().getName(), e);
      decision = Decision.deny("policy failed: " + e.getClass().getSimpleName());
    }
    return decision == null ? Decision.deny("policy returned no decision") : decision;
  }

  private Decision refuseUnregistered(Subject subject, Enum<?> action, Class<?> type) {
    Decision decision = Decision.deny("no authorization policy for " + type.getSimpleName());
    unregistered.increment(0, false);
    record(subject, action, type.getSimpleName(), null, decision);
    return decision;
  }

  private Decision refuse(PolicyEntry entry, Subject subject, Enum<?> action, Object resource, Decision decision, boolean known) {
    if (known) {
      entry.count(action.ordinal(), decision instanceof Decision.Hide);
    }
    record(subject, action, entry.resourceType().getSimpleName(), resource == null ? null : entry.idOf(resource), decision);
    return decision;
  }

  private void record(Subject subject, Enum<?> action, String type, Object id, Decision decision) {
    if (events != null) {
      events.record(SecurityEvent.AUTHORIZATION_DENIED);
    }
    audit.refused(subject, action, type, id, decision);
  }

  private PolicyEntry resolve(Class<?> type) {
    PolicyEntry exact = byType.get(type);
    if (exact != null) {
      return exact;
    }
    PolicyEntry found = null;
    for (Map.Entry<Class<?>, PolicyEntry> candidate : byType.entrySet()) {
      if (candidate.getKey().isAssignableFrom(type)) {
        if (found != null) {
          log.warn("Two authorization policies apply to {}; its actions are denied", type.getName());
          return null;
        }
        found = candidate.getValue();
      }
    }
    return found;
  }

  /** Builds a {@link Guard}. */
  public static final class Builder {
    private final List<Policy<?, ?>> policies = new ArrayList<>();
    private SecurityEvents events;
    private Supplier<Subject> currentSubject;
    private String requestIdKey = "requestId";

    private Builder() {}

    /** Adds a policy; two for one resource type fail {@link #build()}. */
    public Builder policy(Policy<?, ?> policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Adds policies. */
    public Builder policies(Collection<? extends Policy<?, ?>> more) {
      more.forEach(this::policy);
      return this;
    }

    /** Counts refusals as {@link SecurityEvent#AUTHORIZATION_DENIED}; default none. */
    public Builder events(SecurityEvents events) {
      this.events = events;
      return this;
    }

    /** Where the overloads without a subject get it from; default always anonymous. */
    public Builder currentSubject(Supplier<Subject> currentSubject) {
      this.currentSubject = currentSubject;
      return this;
    }

    /** The SLF4J MDC key of the request id, for the audit log; default {@code requestId}. */
    public Builder requestIdKey(String requestIdKey) {
      this.requestIdKey = Objects.requireNonNull(requestIdKey, "requestIdKey");
      return this;
    }

    /**
     * Builds the guard.
     *
     * @throws IllegalStateException when two policies claim one resource type
     */
    public Guard build() {
      return new Guard(this);
    }
  }
}
