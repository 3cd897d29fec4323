package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.encode.Encode;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What both example apps must do over real HTTP with Bulwark's default settings; each app's test
 * extends this and says where the app listens.
 */
public abstract class NotesAppContract {

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  @Test
  void pageListsTheCallersNotesWithTheNonceOfItsOwnResponse() throws Exception {
    HttpResponse<String> first = Http.get(uri("/"), "Authorization", basic("alice"));
    assertThat(first.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(first);
    assertThat(first.body()).contains("<script nonce=\"" + nonce + "\">").contains("Shopping").doesNotContain("scaffolding");
    HttpResponse<String> second = Http.get(uri("/"), "Authorization", basic("alice"));
    assertThat(SecureHeadersAssert.assertHtml(second)).isNotEqualTo(nonce);
  }

  @Test
  void pageEncodesTitlesForTheAttributeAndScriptContextsTheyLandIn() throws Exception {
    // Plain text (no markup), still hostile in an attribute or a JavaScript string.
    String title = "Tom's \"list\" & C:\\temp\\ ${1+1}";
    String json = "{\"title\":\"" + title.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"body\":\"b\"}";
    HttpResponse<String> created =
        Http.send("POST", uri("/api/notes"), json, "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    URI note = uri(Http.header(created, "Location"));
    try {
      String page = Http.get(uri("/"), "Authorization", basic("alice")).body();
      // In the script: the owner and every title as JavaScript strings, encoded by Bulwark's Encode
      // (the servlet app directly, the Spring app through Thymeleaf's #bulwark.js).
      assertThat(page).contains("const owner = 'alice';").contains("'" + Encode.javaScriptBlock(title) + "', ");
      // In the title attribute: whatever the escaping (Encode's or Thymeleaf's), it reads back as the title.
      Matcher attribute = Pattern.compile("<li [^>]*title=\"([^\"<>]*)\"").matcher(page);
      List<String> titles = new ArrayList<>();
      while (attribute.find()) {
        titles.add(decodeAttribute(attribute.group(1)));
      }
      assertThat(titles).as(page).contains(title);
      // Nowhere raw: every quote of the title is escaped, in every context.
      assertThat(page).doesNotContain("Tom's", "\"list\"");
    } finally {
      assertThat(Http.send("DELETE", note, null, "Authorization", basic("alice")).statusCode()).isEqualTo(204);
    }
  }

  private static String decodeAttribute(String value) {
    return value.replace("&quot;", "\"").replace("&#34;", "\"").replace("&#39;", "'").replace("&apos;", "'")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  @Test
  void everyResponseKindCarriesTheHeaders() throws Exception {
    HttpResponse<String> json = Http.get(uri("/api/notes"), "Authorization", basic("bob"));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("scaffolding").doesNotContain("Shopping");
    SecureHeadersAssert.assertApi(json);

    HttpResponse<String> missing = Http.get(uri("/api/notes/987654"), "Authorization", basic("bob"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.header(missing, "Content-Type")).startsWith("application/problem+json");
    SecureHeadersAssert.assertApi(missing);

    HttpResponse<String> wrongMethod = Http.send("PATCH", uri("/api/notes/1"), "{}", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    SecureHeadersAssert.assertApi(wrongMethod);

    HttpResponse<String> css = Http.get(uri("/static/app.css"));
    assertThat(css.statusCode()).isEqualTo(200);
    SecureHeadersAssert.assertApi(css);

    HttpResponse<String> unauthenticated = Http.get(uri("/api/notes"));
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    SecureHeadersAssert.assertApi(unauthenticated);
  }

  @Test
  void usersChangeOnlyTheirOwnNotesAndAdminOnlyReads() throws Exception {
    HttpResponse<String> created =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"t\",\"body\":\"b\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(201);
    URI note = uri(Http.header(created, "Location"));

    assertThat(Http.get(note, "Authorization", basic("bob")).statusCode()).isEqualTo(404);
    assertThat(Http.send("DELETE", note, null, "Authorization", basic("bob")).statusCode()).isEqualTo(404);
    assertThat(Http.get(note, "Authorization", basic("admin")).statusCode()).isEqualTo(200);
    assertThat(Http.send("PUT", note, "{\"title\":\"x\"}", "Authorization", basic("admin"), "Content-Type", "application/json").statusCode())
        .isEqualTo(403);
    assertThat(Http.send("PUT", note, "{\"title\":\"new\"}", "Authorization", basic("alice"), "Content-Type", "application/json").statusCode())
        .isEqualTo(200);
    assertThat(Http.send("DELETE", note, null, "Authorization", basic("alice")).statusCode()).isEqualTo(204);
  }

  @Test
  void crossSiteWritesFromBrowsersAreRefused() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"csrf\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json",
            "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).body()).doesNotContain("csrf");
  }

  @Test
  void unreadableJsonIsA400Problem() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":", "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void invalidNotesAre422WithOneEntryPerViolationAndNoEcho() throws Exception {
    HttpResponse<String> response =
        Http.send("POST", uri("/api/notes"), "{\"title\":\"\",\"body\":\"" + "<b>".repeat(4000) + "\"}",
            "Authorization", basic("alice"), "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(response.body()).contains("\"pointer\":\"/title\"").contains("\"pointer\":\"/body\"").doesNotContain("<b>");
  }

  @Test
  void decomposedUnicodeAndALoneLessThanAreText() throws Exception {
    // "Café" typed on a system that sends decomposed Unicode, and comparisons that are no markup
    for (String title : new String[] {"Cafe\u0301", "5 < 6", "a <= b, c<3 & d > e", "<<>>", "x <"}) {
      HttpResponse<String> created =
          Http.send("POST", uri("/api/notes"), "{\"title\":\"" + title + "\"}",
              "Authorization", basic("alice"), "Content-Type", "application/json");
      assertThat(created.statusCode()).as(title + ": " + created.body()).isEqualTo(201);
      assertThat(Http.send("DELETE", uri(Http.header(created, "Location")), null, "Authorization", basic("alice")).statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void refusedTextIsToldWhyWithoutEcho() throws Exception {
    String[][] cases = {
      {"<b>Mk3Echo</b>", "HTML markup"},
      {"Mk3Echo</x", "HTML markup"},
      {"<!--Mk3Echo", "HTML markup"},
      {"<?Mk3Echo", "HTML markup"},
      {"Mk3Echo\\u0007", "control characters"},
      {"Mk3Echo\\u202E", "direction"},
    };
    for (String[] refused : cases) {
      HttpResponse<String> response =
          Http.send("POST", uri("/api/notes"), "{\"title\":\"" + refused[0] + "\"}",
              "Authorization", basic("alice"), "Content-Type", "application/json");
      assertThat(response.statusCode()).as(refused[0]).isEqualTo(422);
      assertThat(response.body()).as(refused[0]).contains("\"pointer\":\"/title\"").contains(refused[1])
          .doesNotContain("Mk3Echo");
    }
  }

  @Test
  void nonJsonBodiesOnTheApiAre415AndChangeNothing() throws Exception {
    HttpResponse<String> form =
        Http.send("POST", uri("/api/notes"), "title=sneaky", "Authorization", basic("alice"),
            "Content-Type", "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(Http.header(form, "Content-Type")).startsWith("application/problem+json");
    assertThat(Http.get(uri("/api/notes"), "Authorization", basic("alice")).body()).doesNotContain("sneaky");
  }

  @Test
  void allowedResponsesAdvertiseTheRequestQuota() throws Exception {
    // A static file is counted by the built-in static rule, not global (issue #14)
    HttpResponse<String> response = Http.get(uri("/static/app.css"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.header(response, "RateLimit-Policy")).contains("\"static-1s\";q=300;w=1");
    assertThat(Http.header(response, "RateLimit")).startsWith("\"static-1s\";r=");
  }
}
