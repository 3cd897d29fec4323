package dev.bulwark.spring.thymeleaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.readiness.Finding;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.SecureHeadersAssert;
import dev.bulwark.spring.readiness.SpringReadiness;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code bulwark.headers.csp.template-nonces=true} over real HTTP: the inline scripts and styles the
 * template itself contains carry the nonce of the response's header; markup from model variables
 * ({@code th:utext}, {@code [(...)]}) and the template's elements whose text is a model value do
 * not; external scripts and elements with {@code th:nonce} are left as they are. The readiness
 * check reads the templates under {@code spring.thymeleaf.prefix} and reports only what the
 * nonces do not cover.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = TemplateNoncesTest.App.class,
    properties = {
      "bulwark.headers.csp.template-nonces=true",
      "spring.thymeleaf.prefix=classpath:/nonce-templates/"
    })
class TemplateNoncesTest {

  static final String MODEL_HTML = "<script>alert('model')</script><style>p{color:red}</style>";
  static final String MODEL_CODE = "alert('code')";

  @LocalServerPort int port;

  @Autowired SpringReadiness readiness;

  @Test
  void theTemplatesOwnElementsGetTheHeadersNonceAndModelMarkupDoesNot() throws Exception {
    HttpResponse<String> response = Http.get(URI.create("http://localhost:" + port + "/page"));
    assertThat(response.statusCode()).isEqualTo(200);
    String nonce = SecureHeadersAssert.assertHtml(response);
    String body = response.body();

    assertThat(body)
        .contains("<style nonce=\"" + nonce + "\">p { margin: 0 }</style>")
        .contains("<script nonce=\"" + nonce + "\">document.title = 'template';</script>")
        .contains("<script nonce=\"" + nonce + "\">const name = \"visitor\";</script>")
        .contains("<script nonce=\"" + nonce + "\">own();</script>")
        .contains("<script src=\"/app.js\"></script>");
    // Markup from a model variable, and template elements whose text is a model value: no nonce.
    assertThat(body).contains("<div id=\"model\">" + MODEL_HTML + "</div>");
    assertThat(count(body, "<script>" + MODEL_CODE + "</script>")).isEqualTo(2);
    // Every nonce in the page is the header's, and only the four template elements carry one.
    Matcher nonces = Pattern.compile("nonce=\"([^\"]*)\"").matcher(body);
    int found = 0;
    while (nonces.find()) {
      assertThat(nonces.group(1)).isEqualTo(nonce);
      found++;
    }
    assertThat(found).isEqualTo(4);

    // A second response gets its own nonce.
    HttpResponse<String> again = Http.get(URI.create("http://localhost:" + port + "/page"));
    String second = SecureHeadersAssert.assertHtml(again);
    assertThat(second).isNotEqualTo(nonce);
    assertThat(again.body()).contains("<script nonce=\"" + second + "\">document.title = 'template';</script>");
  }

  @Test
  void theReadinessReportListsWhatTheNoncesDoNotCover() {
    List<Finding> findings =
        readiness.report().findings().stream().filter(f -> f.message().startsWith("nonce-templates/")).toList();
    assertThat(findings)
        .extracting(f -> f.id() + " " + f.message().substring(0, f.message().indexOf(": ")))
        .containsExactlyInAnyOrder(
            "inline-script-blocked nonce-templates/page.html:13",
            "inline-script-blocked nonce-templates/page.html:14",
            "style-attribute-blocked nonce-templates/page.html:15");
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Pages.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
  }

  @Controller
  static class Pages {
    @GetMapping("/page")
    String page(Model model) {
      model.addAttribute("html", MODEL_HTML);
      model.addAttribute("code", MODEL_CODE);
      model.addAttribute("name", "visitor");
      return "page";
    }
  }
}
