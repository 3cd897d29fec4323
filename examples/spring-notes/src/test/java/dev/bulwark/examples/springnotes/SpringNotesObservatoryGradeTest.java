package dev.bulwark.examples.springnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.ObservatoryGrader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Spring example with the starter's default settings grades A+ on the MDN HTTP Observatory
 * rules ({@link ObservatoryGrader}) when served over HTTPS by a TLS-terminating proxy on loopback.
 * The only setting is the one that names that proxy.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "bulwark.client-ip.trusted-proxies=127.0.0.1/32")
class SpringNotesObservatoryGradeTest {

  @LocalServerPort int port;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
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
    System.out.println("spring-notes, GET / (Basic alice)\n" + grade.table());
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
    assertThat(grade.tests()).as(grade.table()).allMatch(ObservatoryGrader.TestResult::pass);
  }

  /** The public grader sends no credentials: it grades the 401 that "/" answers. */
  @Test
  void anonymousScanOfTheHomePageGradesAPlus() throws Exception {
    HttpResponse<String> response = Http.get(uri("/"), VIA_HTTPS_PROXY);
    assertThat(response.statusCode()).isEqualTo(401);
    ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
    System.out.println("spring-notes, GET / (anonymous)\n" + grade.table());
    assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
  }
}
