package dev.bulwark.examples.springnotes;

import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NotePolicy;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.examples.notes.StoreCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The notes service on Spring Boot 4. Bulwark arrives with one dependency, {@code
 * bulwark-spring-boot-starter}; its settings live in {@code application.yml}.
 */
@SpringBootApplication
public class SpringNotesApplication {

  /** Starts the application on port 8080 ({@code --server.port} changes it). */
  public static void main(String[] args) {
    SpringApplication.run(SpringNotesApplication.class, args);
  }

  /** The in-memory store, with a few sample notes. */
  @Bean
  NoteStore noteStore() {
    return NoteStore.withSampleNotes();
  }

  /**
   * The store's readiness check: a database-backed store would run {@code SELECT 1}. Tests replace
   * this bean with a store that fails or hangs.
   */
  @Bean
  StoreCheck storeCheck(NoteStore store) {
    return store::ping;
  }

  /** The store in Actuator's health, named {@code notesStore}. */
  @Bean
  NotesStoreHealthIndicator notesStoreHealthIndicator(StoreCheck storeCheck) {
    return new NotesStoreHealthIndicator(storeCheck);
  }

  /** Who may do what with notes; Bulwark's guard picks up every policy bean. */
  @Bean
  NotePolicy notePolicy() {
    return new NotePolicy();
  }

  /** Loads the note a {@code @Guarded} parameter names. */
  @Bean
  ResourceLookup<Note> noteLookup(NoteStore store) {
    return store.lookup();
  }
}
