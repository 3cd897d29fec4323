package dev.bulwark.examples.notes;

import dev.bulwark.authz.Scope;
import dev.bulwark.authz.ResourceLookup;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory note store: the examples start with no database. Thread-safe. */
public final class NoteStore {

  private final ConcurrentMap<Long, Note> notes = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Clock clock;

  /** Creates an empty store. */
  public NoteStore() {
    this(Clock.systemUTC());
  }

  /** Creates an empty store with a clock, for tests. */
  public NoteStore(Clock clock) {
    this.clock = clock;
  }

  /** Creates a store with a few notes for each demo user, so the page has something to show. */
  public static NoteStore withSampleNotes() {
    NoteStore store = new NoteStore();
    store.create("alice", "Shopping", "Milk, eggs, tea");
    store.create("alice", "Ideas", "A notes app that cannot be hacked");
    store.create("bob", "Builds", "Check the scaffolding on Tuesday");
    return store;
  }

  /** Stores a new note and returns it. */
  public Note create(String owner, String title, String body) {
    long id = ids.incrementAndGet();
    Note note = new Note(id, owner, title, body, clock.instant());
    notes.put(id, note);
    return note;
  }

  /** Returns a note by id. */
  public Optional<Note> find(long id) {
    return Optional.ofNullable(notes.get(id));
  }

  /** Returns the notes of one owner, oldest first. */
  public List<Note> findByOwner(String owner) {
    return notes.values().stream()
        .filter(note -> note.owner().equals(owner))
        .sorted(Comparator.comparingLong(Note::id))
        .toList();
  }

  /**
   * Returns the notes in a policy's scope, oldest first. A database-backed store would turn the
   * scope's conditions into its {@code WHERE} clause; this one has no query language, so it tests
   * each note.
   */
  public List<Note> find(Scope scope) {
    if (scope instanceof Scope.Nothing) {
      return List.of();
    }
    return notes.values().stream()
        .filter(note -> scope.includes(attribute -> attribute(note, attribute)))
        .sorted(Comparator.comparingLong(Note::id))
        .toList();
  }

  private static Object attribute(Note note, String name) {
    return switch (name) {
      case "owner" -> note.owner();
      case "id" -> note.id();
      default -> throw new IllegalArgumentException("notes have no attribute " + name);
    };
  }

  /** Loads notes by the id in a request path, for declarative guards; a malformed id finds nothing. */
  public ResourceLookup<Note> lookup() {
    return new ResourceLookup<>() {
      @Override
      public Class<Note> resourceType() {
        return Note.class;
      }

      @Override
      public Optional<Note> find(String id) {
        try {
          return NoteStore.this.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    };
  }

  /** The store's readiness check ({@link StoreCheck}): how many notes it holds. */
  public Map<String, Object> ping() {
    return Map.of("notes", notes.size());
  }

  /** Returns every note, oldest first. */
  public List<Note> findAll() {
    return notes.values().stream().sorted(Comparator.comparingLong(Note::id)).toList();
  }

  /** Replaces the title and body of an existing note; returns the new version. */
  public Optional<Note> update(long id, String title, String body) {
    Note updated =
        notes.computeIfPresent(id, (key, old) -> new Note(key, old.owner(), title, body, clock.instant()));
    return Optional.ofNullable(updated);
  }

  /** Deletes a note; returns whether it existed. */
  public boolean delete(long id) {
    return notes.remove(id) != null;
  }
}
