package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Without an error template, Spring Boot's Whitelabel page counts as none: browsers get Bulwark's page. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringSecurityHeadersTest.App.class,
    properties = "spring.thymeleaf.prefix=classpath:/no-templates-here/")
class SpringWhitelabelErrorPagesTest {

  @LocalServerPort int port;

  @Test
  void browsersGetBulwarksPageWhereTheApplicationHasNone() throws Exception {
    for (String path : new String[] {"/no/such/page", "/boom"}) {
      HttpResponse<String> response =
          Http.get(URI.create("http://localhost:" + port + path), "Accept", SpringErrorPagesTest.BROWSER);
      assertThat(response.statusCode()).as(path).isIn(404, 500);
      assertThat(response.body()).as(path).doesNotContain("Whitelabel").doesNotContain("Branded").doesNotContain("secret database");
      assertThat(Http.header(response, "Content-Type")).as(path).startsWith("text/html");
      assertThat(response.body()).as(path).contains("Request id:");
    }
  }
}
