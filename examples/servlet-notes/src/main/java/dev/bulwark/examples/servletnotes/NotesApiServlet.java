package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteInput;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.validate.InputValidator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/notes} and {@code /api/notes/{id}}. Users see and change their own notes; {@code
 * admin} may read every note but change none; another user's note is answered as not found, so
 * ids reveal nothing.
 */
final class NotesApiServlet extends HttpServlet {

  private final transient NoteStore store;
  private final transient JsonMapper json;
  private final transient InputValidator validator = InputValidator.create();

  /**
   * @param store the notes
   * @param json the mapper, built on Bulwark's parser limits so that a parser bomb or a duplicated
   *     key fails to read instead of costing memory or hiding a second value
   */
  NotesApiServlet(NoteStore store, JsonMapper json) {
    this.store = store;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = request.getRemoteUser();
    Long id = id(request);
    if (id == null && isCollection(request)) {
      writeJson(response, 200, request.isUserInRole("ADMIN") ? store.findAll() : store.findByOwner(user));
      return;
    }
    Optional<Note> note = readable(request, id);
    if (note.isEmpty()) {
      response.sendError(404);
      return;
    }
    writeJson(response, 200, note.get());
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!isCollection(request)) {
      response.sendError(405);
      return;
    }
    NoteInput input = input(request);
    if (input == null) {
      response.sendError(400);
      return;
    }
    Note note = store.create(request.getRemoteUser(), input.title(), input.body());
    response.setHeader("Location", "/api/notes/" + note.id());
    writeJson(response, 201, note);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Long id = id(request);
    Optional<Note> note = writable(request, response, id);
    if (note.isEmpty()) {
      return;
    }
    NoteInput input = input(request);
    if (input == null) {
      response.sendError(400);
      return;
    }
    writeJson(response, 200, store.update(id, input.title(), input.body()).orElseThrow());
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Long id = id(request);
    if (writable(request, response, id).isPresent()) {
      store.delete(id);
      response.setStatus(204);
    }
  }

  private Optional<Note> readable(HttpServletRequest request, Long id) {
    if (id == null) {
      return Optional.empty();
    }
    return store.find(id)
        .filter(note -> note.owner().equals(request.getRemoteUser()) || request.isUserInRole("ADMIN"));
  }

  /** Finds a note the caller may change, or answers 404 (not theirs) or 403 (admin) and returns empty. */
  private Optional<Note> writable(HttpServletRequest request, HttpServletResponse response, Long id)
      throws IOException {
    Optional<Note> note = readable(request, id);
    if (note.isEmpty()) {
      response.sendError(id == null && isCollection(request) ? 405 : 404);
      return Optional.empty();
    }
    if (!note.get().owner().equals(request.getRemoteUser())) {
      response.sendError(403);
      return Optional.empty();
    }
    return note;
  }

  private static boolean isCollection(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path == null || path.equals("/");
  }

  private static Long id(HttpServletRequest request) {
    String path = request.getPathInfo();
    if (path == null || path.length() < 2 || path.length() > 20) {
      return null;
    }
    try {
      return Long.parseLong(path.substring(1));
    } catch (NumberFormatException e) {
      return null;
    }
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
