package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.ObservatoryGrader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain-servlet example with its default settings grades A+ on the MDN HTTP Observatory rules
 * ({@link ObservatoryGrader}) when served over HTTPS by a TLS-terminating proxy on loopback. The
 * only setting is the one that names that proxy, passed as a system property as a deployment would.
 */
class NotesServerObservatoryGradeTest {

  private static final String TRUSTED_PROXIES = "bulwark.client-ip.trusted-proxies";

  private static NotesServer server;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(TRUSTED_PROXIES, "127.0.0.1/32");
    try {
      server = NotesServer.start(0, name -> null);
    } finally {
      System.clearProperty(TRUSTED_PROXIES);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  private static String basic(String user) {
    String password = DemoUsers.DEFAULT_PASSWORDS.get(user);
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static final String[] VIA_HTTPS_PROXY = {
    "Host", "notes.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9",
  };

  private static String[] with(String... more) {
    String[] all = new String[VIA_HTTPS_PROXY.length + more.length];
    System.arraycopy(VIA_HTTPS_PROXY, 0, all, 0, VIA_HTTPS_PROXY.length);
    System.arraycopy(more, 0, all, VIA_HTTPS_PROXY.length, more.length);
    return all;
  }

  @Test
  void signedInPageGradesAPlus() throws Exception {
    HttpResponse<String> response = Http.get(uri("/"), with("Authorization", basic("alice")));
    assertThat(response.statusCode()).isEqualTo(200);
    ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
    System.out.println("servlet-notes, GET / (Basic alice)\n" + grade.table());
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
    assertThat(grade.tests()).as(grade.table()).allMatch(ObservatoryGrader.TestResult::pass);
  }

  /** The public grader sends no credentials: it grades the 401 that "/" answers. */
  @Test
  void anonymousScanOfTheHomePageGradesAPlus() throws Exception {
    HttpResponse<String> response = Http.get(uri("/"), VIA_HTTPS_PROXY);
    assertThat(response.statusCode()).isEqualTo(401);
    ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
    System.out.println("servlet-notes, GET / (anonymous)\n" + grade.table());
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
  }
}
