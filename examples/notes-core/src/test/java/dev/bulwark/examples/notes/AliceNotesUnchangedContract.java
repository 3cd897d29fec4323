package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the contracts that throw bad or hostile requests at an example app: before each test
 * it snapshots alice's notes, after it requires that the app still serves a normal request and that
 * the notes are exactly what they were.
 */
public abstract class AliceNotesUnchangedContract {

  private String notesBefore;

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  /** The app's port, for raw-socket requests. */
  protected int port() {
    return uri("/").getPort();
  }

  /** Alice's notes as the API lists them; fails unless the app answers 200. */
  protected String aliceNotes() throws Exception {
    HttpResponse<String> notes = Http.get(uri("/api/notes"), "Authorization", basic("alice"));
    assertThat(notes.statusCode()).as("the app serves the next normal request").isEqualTo(200);
    return notes.body();
  }

  @BeforeEach
  void snapshotAliceNotes() throws Exception {
    notesBefore = aliceNotes();
    assertThat(notesBefore).contains("\"owner\":\"alice\"");
  }

  @AfterEach
  void aliceNotesAreExactlyUnchanged() throws Exception {
    assertThat(aliceNotes()).as("alice's notes after the hostile requests").isEqualTo(notesBefore);
  }
}
