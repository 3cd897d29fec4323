package dev.bulwark.examples.notes;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;

/**
 * Who may do what with notes: every user sees and changes only their own notes; {@code admin}
 * may read all notes but change none. Someone else's note is hidden (404), so a caller cannot
 * learn which note ids exist.
 */
public final class NotePolicy implements Policy<Note, NoteAction> {

  private static final Decision NOT_OWNER = Decision.hide("not the owner");
  private static final Decision ADMIN_READ_ONLY = Decision.deny("admins may read notes but not change them");
  private static final Decision NOT_A_NOTE_ACTION = Decision.deny("not an action on one note");

  @Override
  public Class<Note> resourceType() {
    return Note.class;
  }

  @Override
  public Class<NoteAction> actionType() {
    return NoteAction.class;
  }

  @Override
  public Decision decide(Subject subject, NoteAction action, Note note) {
    boolean owner = subject.is(note.owner());
    boolean admin = subject.hasRole("ADMIN");
    return switch (action) {
      case READ -> owner || admin ? Decision.allow() : NOT_OWNER;
      case UPDATE, DELETE -> owner ? Decision.allow() : admin ? ADMIN_READ_ONLY : NOT_OWNER;
      case CREATE, LIST -> NOT_A_NOTE_ACTION;
    };
  }

  @Override
  public Decision decide(Subject subject, NoteAction action) {
    return switch (action) {
      case CREATE -> subject.hasRole("USER") ? Decision.allow() : Decision.deny("only users write notes");
      case LIST -> subject.authenticated() ? Decision.allow() : Decision.deny("not logged in");
      case READ, UPDATE, DELETE -> NOT_A_NOTE_ACTION;
    };
  }

  @Override
  public Scope scope(Subject subject, NoteAction action) {
    if (action != NoteAction.LIST && action != NoteAction.READ || !subject.authenticated()) {
      return Scope.nothing();
    }
    return subject.hasRole("ADMIN") ? Scope.all() : Scope.where("owner", subject.id());
  }

  @Override
  public Object idOf(Note note) {
    return note.id();
  }
}
