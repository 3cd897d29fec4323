package dev.bulwark.examples.servletnotes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.encode.Encode;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSP page {@code /jsp/notes} over real HTTP on the example's Jetty: Jasper compiles it, Bulwark's
 * encoding functions escape what users wrote, its inline script carries the nonce of the response's
 * CSP, and it needs a signed-in user like every other page.
 */
class NotesServerJspTest {

  private static final String HOSTILE = "<script>alert(1)</script>";

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    // Straight into the store: the API refuses markup in a note (422), but the page must not rely
    // on that, as notes from before the validation or from another writer never passed it.
    NoteStore store = NoteStore.withSampleNotes();
    store.create("alice", HOSTILE, "<img src=x onerror=alert(2)>");
    server = NotesServer.start(0, name -> null, null, store);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void pageEscapesAHostileTitleAndSignsItsScriptWithTheResponsesNonce() throws Exception {
    HttpResponse<String> page = Http.get(uri("/jsp/notes"), "Authorization", basic("alice"));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(page);
    String body = page.body();
    assertThat(body)
        .contains("<h1>Notes of alice</h1>")
        .contains("Shopping")
        .doesNotContain("scaffolding")
        .contains("<strong>" + Encode.html(HOSTILE) + "</strong> " + Encode.html("<img src=x onerror=alert(2)>"))
        .contains("title=\"" + Encode.htmlAttribute(HOSTILE) + "\"")
        .contains("'" + Encode.javaScriptBlock(HOSTILE) + "', ");
    // The markup is text: no element opens before the page's own script, and nothing the title
    // holds ends that script early.
    int script = body.indexOf("<script");
    assertThat(body.substring(0, script)).doesNotContain("<script", "<img");
    assertThat(body.indexOf("</script>")).isEqualTo(body.lastIndexOf("</script>"));
    // The page's one script, and the response's CSP lets it run.
    assertThat(body.substring(script)).startsWith("<script nonce=\"" + nonce + "\">");
  }

  @Test
  void pageNeedsASignedInUser() throws Exception {
    HttpResponse<String> anonymous = Http.get(uri("/jsp/notes"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("Shopping");
    assertThat(Http.get(uri("/jsp/notes"), "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void theJspItselfIsNeitherServedNorRunDirectly() throws Exception {
    for (String path : new String[] {"/WEB-INF/jsp/notes.jsp", "/static/WEB-INF/jsp/notes.jsp", "/static/../WEB-INF/jsp/notes.jsp"}) {
      HttpResponse<String> response = Http.get(uri(path), "Authorization", basic("alice"));
      assertThat(response.statusCode()).as(path).isIn(400, 404);
      assertThat(response.body()).as(path).doesNotContain("taglib", "Shopping");
    }
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
