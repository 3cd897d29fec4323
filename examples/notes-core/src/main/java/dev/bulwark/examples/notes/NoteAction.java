package dev.bulwark.examples.notes;

/** What a caller can do with notes. */
public enum NoteAction {
  /** Read one note. */
  READ,
  /** Change one note. */
  UPDATE,
  /** Delete one note. */
  DELETE,
  /** Create a note (a type-level action: there is no note yet). */
  CREATE,
  /** List notes (answered with a scope, so the store filters). */
  LIST
}
