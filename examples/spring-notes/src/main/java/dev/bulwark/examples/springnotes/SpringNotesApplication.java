package dev.bulwark.examples.springnotes;

import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NotePolicy;
import dev.bulwark.examples.notes.NoteStore;
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
