package dev.bulwark.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.Readiness;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.readiness.ReadinessReport;
import dev.bulwark.readiness.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TemplateCheckTest {

  private static final String PAGE =
      """
      <html><head>
      <script>start();</script>
      <style th:nonce="${cspNonce}">p { margin: 0 }</style>
      <script th:utext="${code}"></script>
      </head><body>
      <p style="color: red" onclick="go()">x</p>
      <a href="javascript:go()">go</a>
      </body></html>
      """;

  private static ReadinessContext context(Map<String, String> values) {
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
    return new ReadinessContext(config, List.of(), name -> null);
  }

  private static List<Finding> check(Map<String, String> values, TemplateFile... files) {
    return new TemplateCheck(() -> List.of(files)).check(context(values));
  }

  @Test
  void reportsEachBlockedPieceWithFileLineAndTheSourceThatWouldAllowIt() {
    List<Finding> findings = check(Map.of(), new TemplateFile("templates/page.html", PAGE, TemplateSyntax.THYMELEAF));
    assertThat(findings)
        .extracting(Finding::id)
        .containsExactly(
            "inline-script-blocked", "inline-script-blocked", "style-attribute-blocked", "event-handler-blocked",
            "javascript-url-blocked");
    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.LOW);
    String scriptHash = InlineCode.hashSource("SHA-256", "start();");
    assertThat(findings.get(0).message()).isEqualTo("templates/page.html:2: inline <script> without a nonce; script-src blocks it.");
    assertThat(findings.get(0).fix())
        .startsWith("Add " + scriptHash + " to script-src in bulwark.headers.csp.html-policy, or give the element the nonce")
        .contains("th:nonce=\"${cspNonce}\"");
    assertThat(findings.get(1).message()).contains("page.html:4:").contains("renders from expressions, so no hash fits");
    assertThat(findings.get(1).fix()).startsWith("Use a nonce");
    assertThat(findings.get(2).message()).isEqualTo("templates/page.html:6: style attribute on <p>; style-src blocks it.");
    assertThat(findings.get(2).fix()).startsWith("Add 'unsafe-hashes' " + InlineCode.hashSource("SHA-256", "color: red") + " to style-src");
    assertThat(findings.get(3).message()).isEqualTo("templates/page.html:6: onclick handler on <p>; script-src blocks it.");
    assertThat(findings.get(3).fix()).startsWith("Add 'unsafe-hashes' " + InlineCode.hashSource("SHA-256", "go()"));
    assertThat(findings.get(4).message()).isEqualTo("templates/page.html:7: javascript: URL in href of <a>; script-src blocks it.");
    assertThat(findings.get(4).fix()).startsWith("Move it to a listener");
  }

  @Test
  void whatTheCurrentPolicyAllowsIsNotReported() {
    String hash = InlineCode.hashSource("SHA-256", "start();");
    String styleHash = InlineCode.hashSource("SHA-256", "color: red");
    String policy =
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' " + hash + "; style-src 'self' 'unsafe-hashes' "
            + styleHash + " 'nonce-{nonce}'";
    List<Finding> findings =
        check(Map.of("bulwark.headers.csp.html-policy", policy), new TemplateFile("p.html", PAGE, TemplateSyntax.THYMELEAF));
    assertThat(findings)
        .extracting(Finding::id)
        .containsExactly("inline-script-blocked", "event-handler-blocked", "javascript-url-blocked");

    // 'unsafe-inline' without nonce or hash allows styles; scripts stay judged.
    assertThat(
            check(
                Map.of("bulwark.headers.csp.html-policy", "default-src 'self'; style-src 'self' 'unsafe-inline'"),
                new TemplateFile("p.html", PAGE, TemplateSyntax.THYMELEAF)))
        .extracting(Finding::id)
        .doesNotContain("style-attribute-blocked", "inline-style-blocked")
        .contains("inline-script-blocked");
  }

  @Test
  void withCspOffNothingIsBlocked() {
    TemplateFile page = new TemplateFile("p.html", PAGE, TemplateSyntax.THYMELEAF);
    assertThat(check(Map.of("bulwark.headers.csp.enabled", "false"), page)).isEmpty();
    assertThat(check(Map.of("bulwark.headers.enabled", "false"), page)).isEmpty();
    assertThat(check(Map.of("bulwark.enabled", "false"), page)).isEmpty();
  }

  @Test
  void templateNoncesCoverThymeleafElementsButNotModelTextJspsOrAttributes() {
    Map<String, String> on = Map.of("bulwark.headers.csp.template-nonces", "true");
    List<Finding> findings =
        check(on, new TemplateFile("p.html", PAGE, TemplateSyntax.THYMELEAF), new TemplateFile("j.jsp", "<script>a()</script>", TemplateSyntax.JSP));
    assertThat(findings)
        .extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).startsWith("p.html:4: inline <script>")) // th:utext: model text
        .anySatisfy(m -> assertThat(m).startsWith("j.jsp:1: inline <script>"))
        .noneSatisfy(m -> assertThat(m).startsWith("p.html:2:"));
    assertThat(findings).extracting(Finding::id).contains("style-attribute-blocked", "event-handler-blocked");
    // Template nonces help only where the policy lists a nonce.
    List<Finding> noNonce =
        check(
            Map.of("bulwark.headers.csp.template-nonces", "true", "bulwark.headers.csp.html-policy", "script-src 'self'"),
            new TemplateFile("p.html", "<script>a()</script>", TemplateSyntax.THYMELEAF));
    assertThat(noNonce).singleElement().satisfies(f -> {
      assertThat(f.message()).contains("gets the nonce, but script-src lists no 'nonce-{nonce}'");
      assertThat(f.fix()).startsWith("Add 'nonce-{nonce}' to script-src");
    });
  }

  @Test
  void staticHtmlIsToldToMoveCodeToAFileAndJspsGetTheJspNonce() {
    assertThat(check(Map.of(), new TemplateFile("/index.html", "<script>a()</script>", TemplateSyntax.HTML)))
        .singleElement()
        .satisfies(f -> assertThat(f.fix()).endsWith("or move it to a file."));
    assertThat(check(Map.of(), new TemplateFile("/a.jsp", "<style>p{}</style>", TemplateSyntax.JSP)))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.id()).isEqualTo("inline-style-blocked");
          assertThat(f.fix()).contains("nonce=\"${cspNonce}\"").doesNotContain("th:");
        });
  }

  @Test
  void templatesAreReadOnceAndTheReportLogsTheFirstFewOfEachKind() {
    AtomicInteger reads = new AtomicInteger();
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append("<p style=\"margin: ").append(i).append("px\">\n");
    }
    TemplateCheck check =
        new TemplateCheck(() -> {
          reads.incrementAndGet();
          return List.of(new TemplateFile("many.html", many.toString(), TemplateSyntax.HTML));
        });
    ReadinessContext context = context(Map.of());
    ReadinessReport report = Readiness.evaluate(context, List.of(check));
    Readiness.evaluate(context, List.of(check));
    assertThat(reads).hasValue(1);
    assertThat(report.findings()).filteredOn(f -> f.id().equals("style-attribute-blocked")).hasSize(40);
    String block = report.toLogBlock();
    List<String> lines = new ArrayList<>(block.lines().filter(l -> l.contains("style-attribute-blocked")).toList());
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).containsPattern("style-attribute-blocked +\\+ 37 more \\(40 in all; the readiness endpoint lists every one\\)");
    assertThat(block).contains("many.html:1:", "many.html:3:").doesNotContain("many.html:4:");
    assertThat(report.toMap().get("findings")).asList().hasSize(40);
  }
}
