package dev.bulwark.examples.notes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.ObservatoryGrader;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * An example app with default settings grades A+ on the MDN HTTP Observatory rules ({@link
 * ObservatoryGrader}) when served over HTTPS by a TLS-terminating proxy on loopback; the only
 * setting the app's test applies is the one that names that proxy (127.0.0.1/32).
 */
public abstract class ObservatoryContract {

  private static final String[] VIA_HTTPS_PROXY = {
    "Host", "notes.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9",
  };

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  @Test
  void signedInPageGradesAPlus() throws Exception {
    HttpResponse<String> response =
        Http.get(uri("/"), "Host", "notes.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9",
            "Authorization", basic("alice"));
    assertThat(response.statusCode()).isEqualTo(200);
    ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
    assertThat(grade.tests()).as(grade.table()).allMatch(ObservatoryGrader.TestResult::pass);
  }

  /** The public grader sends no credentials: it grades the 401 that "/" answers. */
  @Test
  void anonymousScanOfTheHomePageGradesAPlus() throws Exception {
    HttpResponse<String> response = Http.get(uri("/"), VIA_HTTPS_PROXY);
    assertThat(response.statusCode()).isEqualTo(401);
    ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
  }
}
