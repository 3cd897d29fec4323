package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteAction;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.servlet.RequestGuard;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /jsp/notes}: the caller's notes, rendered by the JSP {@value #PAGE}, which encodes
 * every value with Bulwark's JSP functions ({@code urn:bulwark:encode}) and signs its inline script
 * with the request's CSP nonce. The page itself sits under {@code WEB-INF}, where no request reaches
 * it without the notes this servlet puts in the request.
 */
final class NotesPageServlet extends HttpServlet {

  static final String PAGE = "/WEB-INF/jsp/notes.jsp";

  private final transient NoteStore store;

  NotesPageServlet(NoteStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    request.setAttribute("notes", store.find(RequestGuard.of(request).scope(Note.class, NoteAction.LIST)));
    request.setAttribute("addNoteScript", AddNoteScript.SOURCE);
    request.getRequestDispatcher(PAGE).forward(request, response);
  }
}
