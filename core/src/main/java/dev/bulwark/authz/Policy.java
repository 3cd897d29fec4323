package dev.bulwark.authz;

/**
 * The authorisation rules for one resource type, written as ordinary Java. One policy per resource
 * type: a {@link Guard} refuses to start with two, and denies every action on a type that has none.
 *
 * <pre>{@code
 * final class NotePolicy implements Policy<Note, NoteAction> {
 *   public Class<Note> resourceType() { return Note.class; }
 *   public Class<NoteAction> actionType() { return NoteAction.class; }
 *
 *   public Decision decide(Subject subject, NoteAction action, Note note) {
 *     boolean owner = subject.is(note.owner());
 *     return switch (action) {
 *       case READ -> owner || subject.hasRole("ADMIN") ? Decision.allow() : HIDDEN;
 *       case UPDATE, DELETE -> owner ? Decision.allow() : subject.hasRole("ADMIN") ? READ_ONLY : HIDDEN;
 *       case CREATE, LIST -> Decision.deny("not an object action");
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>A switch expression over the action enum without a {@code default} branch makes the compiler
 * check that every action has a rule. Implementations must be thread-safe and fast: they run on
 * every guarded request and must not do I/O.
 *
 * @param <R> the resource type, such as {@code Note}
 * @param <A> the enum of actions, such as {@code NoteAction}
 */
public interface Policy<R, A extends Enum<A>> {

  /** The resource type this policy decides for. */
  Class<R> resourceType();

  /** The enum of actions this policy knows. */
  Class<A> actionType();

  /** Decides whether a subject may take an action on one object. */
  Decision decide(Subject subject, A action, R resource);

  /**
   * Decides an action that concerns the type rather than one object, such as creating a new object.
   * Denied unless overridden.
   */
  default Decision decide(Subject subject, A action) {
    return Decision.deny("no type-level rule for " + action);
  }

  /**
   * The part of the resource type a subject may see for an action, for list endpoints to turn into
   * their query (so lists are filtered by the database, not after loading everything). Nothing
   * unless overridden.
   */
  default Scope scope(Subject subject, A action) {
    return Scope.nothing();
  }

  /** The identifier of an object for the audit log; {@code null} when it has none worth logging. */
  default Object idOf(R resource) {
    return null;
  }
}
