package dev.bulwark.examples.springnotes;

import dev.bulwark.authz.Scope;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteInput;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.spring.authz.Guarded;
import dev.bulwark.spring.web.RateLimited;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/notes}. Who may do what is {@code NotePolicy}'s business: each handler names the
 * action and receives the note already loaded and checked (users see and change their own notes,
 * {@code admin} reads all and changes none, anyone else's note answers 404).
 */
@RestController
@RequestMapping("/api/notes")
class NoteController {

  private final NoteStore store;

  NoteController(NoteStore store) {
    this.store = store;
  }

  @GetMapping
  List<Note> list(@Guarded(value = "LIST", resource = Note.class) Scope scope) {
    return store.find(scope);
  }

  /**
   * No one writes a hundred notes a minute by hand: a script that does is stopped per user (per
   * address for a caller without one) long before it fills the in-memory store.
   */
  @RateLimited(name = "note-create", limits = {"100/1m", "2000/1d"}, key = "principal,ip")
  @Guarded(value = "CREATE", resource = Note.class)
  @PostMapping
  ResponseEntity<Note> create(@Valid @RequestBody NoteInput input, Principal caller) {
    Note note = store.create(caller.getName(), input.title().strip(), input.bodyOrEmpty());
    return ResponseEntity.created(URI.create("/api/notes/" + note.id())).body(note);
  }

  @GetMapping("/{id}")
  Note read(@Guarded("READ") Note note) {
    return note;
  }

  @PutMapping("/{id}")
  Note update(@Guarded("UPDATE") Note note, @Valid @RequestBody NoteInput input) {
    return store.update(note.id(), input.title().strip(), input.bodyOrEmpty())
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@Guarded("DELETE") Note note) {
    store.delete(note.id());
    return ResponseEntity.noContent().build();
  }
}
