package dev.bulwark.test;

/**
 * What an intruder is allowed to do with the owner's object, declared per intruder in {@link
 * CrossUserAccess#intruder(String, java.util.function.UnaryOperator, Allowed...)}. Everything not
 * declared must be refused; everything declared must work, so a declaration is an expectation that
 * is checked too (an {@code admin} declared with {@code READ} who gets a 404 fails the check).
 */
public enum Allowed {

  /** May create objects of their own, the usual case for an ordinary user. Undeclared, a create must be refused. */
  CREATE,

  /** May read the owner's object: every read endpoint must answer 2xx, the first with the object's marker. */
  READ,

  /** May see the owner's object in lists: every list endpoint must answer 2xx and show its marker. */
  LIST,

  /**
   * May change the owner's objects: every change endpoint must answer 2xx. Tried on a second object
   * of the owner's, so that the first stays intact for the other checks.
   */
  CHANGE,

  /**
   * May delete the owner's objects: every delete endpoint must answer 2xx and remove the object.
   * Tried on a second object of the owner's.
   */
  DELETE
}
