package dev.bulwark.examples.servletnotes;

import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteAction;
import dev.bulwark.examples.notes.NoteInput;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.servlet.RequestGuard;
import dev.bulwark.validate.InputValidator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/notes} and {@code /api/notes/{id}}. Who may do what is {@code NotePolicy}'s business,
 * applied through {@link RequestGuard}: users see and change their own notes, {@code admin} reads
 * all and changes none, anyone else's note answers 404 like a missing one.
 */
final class NotesApiServlet extends HttpServlet {

  private final transient NoteStore store;
  private final transient ResourceLookup<Note> notes;
  private final transient JsonMapper json;
  private final transient InputValidator validator = InputValidator.create();

  /**
   * @param store the notes
   * @param json the mapper, built on Bulwark's parser limits so that a parser bomb or a duplicated
   *     key fails to read instead of costing memory or hiding a second value
   */
  NotesApiServlet(NoteStore store, JsonMapper json) {
    this.store = store;
    this.notes = store.lookup();
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RequestGuard guard = RequestGuard.of(request);
    if (isCollection(request)) {
      writeJson(response, 200, store.find(guard.scope(Note.class, NoteAction.LIST)));
      return;
    }
    writeJson(response, 200, guard.load(notes, id(request), NoteAction.READ));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!isCollection(request)) {
      response.sendError(405);
      return;
    }
    RequestGuard guard = RequestGuard.of(request);
    guard.checkType(Note.class, NoteAction.CREATE);
    NoteInput input = input(request);
    if (input == null) {
      response.sendError(400);
      return;
    }
    Note note = store.create(guard.subject().id(), input.title(), input.body());
    response.setHeader("Location", "/api/notes/" + note.id());
    writeJson(response, 201, note);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (isCollection(request)) {
      response.sendError(405);
      return;
    }
    // Authorise before reading the body, so 400-versus-404 cannot reveal that a note exists.
    Note note = RequestGuard.of(request).load(notes, id(request), NoteAction.UPDATE);
    NoteInput input = input(request);
    if (input == null) {
      response.sendError(400);
      return;
    }
    writeJson(response, 200, store.update(note.id(), input.title(), input.body()).orElseThrow());
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (isCollection(request)) {
      response.sendError(405);
      return;
    }
    Note note = RequestGuard.of(request).load(notes, id(request), NoteAction.DELETE);
    store.delete(note.id());
    response.setStatus(204);
  }

  private static boolean isCollection(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path == null || path.equals("/");
  }

  /** The id segment of {@code /api/notes/{id}}; the lookup answers 404 for one that is not a number. */
  private static String id(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path == null || path.length() < 2 || path.length() > 20 ? null : path.substring(1);
  }

  /**
   * Reads and validates a note; answers 415 or 400 itself and returns {@code null}, or throws
   * {@link dev.bulwark.validate.InvalidInputException}, which Bulwark answers with a 422 problem.
   */
  private NoteInput input(HttpServletRequest request) throws IOException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      return null;
    }
    NoteInput input;
    try {
      input = json.readValue(request.getInputStream(), NoteInput.class);
    } catch (JacksonException e) {
      return null;
    }
    NoteInput valid = validator.check(input);
    return new NoteInput(valid.title().strip(), valid.bodyOrEmpty());
  }

  private void writeJson(HttpServletResponse response, int status, Object value) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), value);
  }
}
