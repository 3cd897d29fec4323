package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Default settings grade A+ on the MDN HTTP Observatory rules ({@link ObservatoryGrader}) when the
 * bare Jetty application is served over HTTPS by a TLS-terminating proxy on loopback.
 */
class ObservatoryGradeTest {

  private static final String[] VIA_HTTPS_PROXY = {
    "Host", "notes.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9",
  };

  private static BulwarkConfig behindLoopbackProxy() {
    return BulwarkConfigLoader.load(
        ConfigSource.fromMap(Map.of("bulwark.client-ip.trusted-proxies", "127.0.0.1/32"), "test"));
  }

  @Test
  void htmlPageGradesAPlus() throws Exception {
    try (TestServer server = JettyTestServer.start(behindLoopbackProxy())) {
      HttpResponse<String> response = Http.get(server.uri("/page"), VIA_HTTPS_PROXY);
      assertThat(response.statusCode()).isEqualTo(200);
      ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
      System.out.println("Bare Jetty app, GET /page\n" + grade.table());
      assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
      assertThat(grade.tests()).as(grade.table()).allMatch(ObservatoryGrader.TestResult::pass);
    }
  }

  @Test
  void apiResponseGradesAPlus() throws Exception {
    try (TestServer server = JettyTestServer.start(behindLoopbackProxy())) {
      HttpResponse<String> response = Http.get(server.uri("/api/json"), VIA_HTTPS_PROXY);
      assertThat(response.statusCode()).isEqualTo(200);
      ObservatoryGrader.Grade grade = ObservatoryGrader.grade(response);
      System.out.println("Bare Jetty app, GET /api/json\n" + grade.table());
      assertThat(grade.grade()).as(grade.table()).isEqualTo("A+");
      assertThat(grade.tests()).as(grade.table()).allMatch(ObservatoryGrader.TestResult::pass);
    }
  }
}
