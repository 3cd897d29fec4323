package dev.bulwark.examples.servletnotes;

import dev.bulwark.encode.Encode;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteAction;
import dev.bulwark.servlet.RequestGuard;
import dev.bulwark.examples.notes.NoteStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * {@code GET /}: the caller's notes as a page, with a small inline script that adds notes through
 * the API. The script carries the per-response CSP nonce that Bulwark puts in the request.
 *
 * <p>Every value goes through Bulwark's {@link Encode} for the context it lands in: note titles as
 * text, in a {@code title} attribute and in JavaScript strings (the script refuses a duplicate
 * title before posting it); the user name as text and in a JavaScript string.
 */
final class IndexServlet extends HttpServlet {

  private final transient NoteStore store;

  IndexServlet(NoteStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"/".equals(request.getRequestURI())) {
      response.sendError(404);
      return;
    }
    String user = request.getRemoteUser();
    Object nonce = request.getAttribute("cspNonce");
    response.setContentType("text/html;charset=UTF-8");
    PrintWriter out = response.getWriter();
    out.println("<!DOCTYPE html>");
    out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notes</title>");
    out.println("<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body>");
    out.println("<h1>Notes of " + Encode.html(user) + "</h1><ul id=\"notes\">");
    StringBuilder titles = new StringBuilder();
    for (Note note : store.find(RequestGuard.of(request).scope(Note.class, NoteAction.LIST))) {
      out.println(
          "<li data-id=\"" + note.id() + "\" title=\"" + Encode.htmlAttribute(note.title()) + "\"><strong>"
              + Encode.html(note.title()) + "</strong> " + Encode.html(note.body()) + "</li>");
      titles.append('\'').append(Encode.javaScriptBlock(note.title())).append("', ");
    }
    out.println("</ul>");
    out.println("<form id=\"add\"><input name=\"title\" placeholder=\"Title\" required maxlength=\"200\">");
    out.println("<input name=\"body\" placeholder=\"Text\" maxlength=\"10000\"><button>Add</button></form>");
    out.println("<script nonce=\"" + Encode.htmlAttribute(nonce) + "\">");
    out.println("const owner = '" + Encode.javaScriptBlock(user) + "';");
    out.println("const titles = [" + titles + "];");
    out.println(AddNoteScript.SOURCE);
    out.println("</script></body></html>");
  }
}
