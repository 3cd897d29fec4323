package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteInput;
import dev.bulwark.examples.notes.NoteStore;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/notes}. Users see and change their own notes; {@code admin} may read every note but
 * change none; another user's note is answered as not found, so ids reveal nothing.
 */
@RestController
@RequestMapping("/api/notes")
class NoteController {

  private final NoteStore store;

  NoteController(NoteStore store) {
    this.store = store;
  }

  @GetMapping
  List<Note> list(Authentication caller) {
    return isAdmin(caller) ? store.findAll() : store.findByOwner(caller.getName());
  }

  @PostMapping
  ResponseEntity<Note> create(@Valid @RequestBody NoteInput input, Principal caller) {
    Note note = store.create(caller.getName(), input.title().strip(), input.bodyOrEmpty());
    return ResponseEntity.created(URI.create("/api/notes/" + note.id())).body(note);
  }

  @GetMapping("/{id}")
  Note read(@PathVariable long id, Authentication caller) {
    return readable(id, caller).orElseThrow(NoteController::notFound);
  }

  @PutMapping("/{id}")
  Note update(@PathVariable long id, @Valid @RequestBody NoteInput input, Authentication caller) {
    writable(id, caller);
    return store.update(id, input.title().strip(), input.bodyOrEmpty()).orElseThrow(NoteController::notFound);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id, Authentication caller) {
    writable(id, caller);
    store.delete(id);
    return ResponseEntity.noContent().build();
  }

  private Optional<Note> readable(long id, Authentication caller) {
    return store.find(id).filter(note -> note.owner().equals(caller.getName()) || isAdmin(caller));
  }

  private void writable(long id, Authentication caller) {
    Note note = readable(id, caller).orElseThrow(NoteController::notFound);
    if (!note.owner().equals(caller.getName())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
  }

  private static boolean isAdmin(Authentication caller) {
    return caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND);
  }
}
