package dev.bulwark.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.templates.InlineCode.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateScannerTest {

  private static List<InlineCode> html(String text) {
    return TemplateScanner.scan("t.html", text, TemplateSyntax.HTML);
  }

  private static List<InlineCode> thymeleaf(String text) {
    return TemplateScanner.scan("t.html", text, TemplateSyntax.THYMELEAF);
  }

  private static List<InlineCode> jsp(String text) {
    return TemplateScanner.scan("t.jsp", text, TemplateSyntax.JSP);
  }

  private static String sha256(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
  }

  @Test
  void findsEveryKindWithFileLineAndContent() {
    String text =
        """
        <!doctype html>
        <html><head>
        <style>body { color: red }</style>
        <script src="/app.js"></script>
        <script>
          alert(1);
        </script>
        </head>
        <body>
        <div style="color: blue">x</div>
        <button type=button onclick="go()" ONMOUSEOVER='hover()'>go</button>
        <a href=" java\tscript:void(0)">bad</a> <a href="/ok">ok</a>
        </body></html>
        """;
    List<InlineCode> found = html(text);
    assertThat(found)
        .extracting(InlineCode::kind, InlineCode::line, InlineCode::element, InlineCode::attribute)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE, 3, "style", ""),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, 5, "script", ""),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, 10, "div", "style"),
            org.assertj.core.groups.Tuple.tuple(Kind.EVENT_HANDLER, 11, "button", "onclick"),
            org.assertj.core.groups.Tuple.tuple(Kind.EVENT_HANDLER, 11, "button", "onmouseover"),
            org.assertj.core.groups.Tuple.tuple(Kind.JAVASCRIPT_URL, 12, "a", "href"));
    assertThat(found.get(0).content()).isEqualTo("body { color: red }");
    assertThat(found.get(1).content()).isEqualTo("\n  alert(1);\n");
    assertThat(found.get(2).content()).isEqualTo("color: blue");
    assertThat(found.get(3).content()).isEqualTo("go()");
    assertThat(found.get(4).content()).isEqualTo("hover()");
    for (InlineCode code : found) {
      assertThat(text.substring(code.offset())).startsWith(code.kind().isElement() ? "<" + code.element() : "");
    }
    assertThat(found.get(2).offset()).isEqualTo(text.indexOf("style=\"color"));
  }

  @Test
  void hashesWhatTheBrowserHashes() throws Exception {
    // Element text as written, with CR LF read as LF; attribute values with references decoded.
    List<InlineCode> found = html("<script>\r\n  a('&amp;');\r</script><p onclick=\"go(&quot;x&quot;, &#39;y&#x27;)\">");
    assertThat(found.get(0).content()).isEqualTo("\n  a('&amp;');\n");
    assertThat(found.get(0).sha256()).isEqualTo(sha256("\n  a('&amp;');\n"));
    assertThat(found.get(1).content()).isEqualTo("go(\"x\", 'y')");
    assertThat(found.get(1).sha256()).isEqualTo(sha256("go(\"x\", 'y')"));
    // The well-known hash of alert('Hello, world.'); from the CSP specification.
    assertThat(html("<script>alert('Hello, world.');</script>").get(0).sha256())
        .isEqualTo("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  }

  @Test
  void skipsWhatIsNotInlineCode() {
    assertThat(
            html(
                """
                <!-- <script>commented()</script> <div style="x"> -->
                <script type="application/json">{"a": 1}</script>
                <script type="text/template"><div onclick="x()"></div></script>
                <script src=/a.js>ignored()</script>
                <textarea><script>text()</script></textarea>
                <title>a <style>b</style></title>
                <noscript><style>p{}</style></noscript>
                <style type="text/less">@a: 1;</style>
                <div data-onclick="x" one onx1="y"></div>
                <a href="/javascript:no">x</a>
                """))
        .isEmpty();
  }

  @Test
  void blankStyleAttributesAreInlineCodeToo() {
    // spring-petclinic's layout has <div class="collapse navbar-collapse" id="main-navbar" style>: Chromium 156
    // reports style-src-attr for it on every page, and for style="" and style=" " alike; 'unsafe-hashes'
    // with the hash of the value as written allows each.
    List<InlineCode> found = html("<div id=main style>\n<p style=\"\"><i style=' '>");
    assertThat(found)
        .extracting(InlineCode::kind, InlineCode::line, InlineCode::attribute, InlineCode::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, 1, "style", ""),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, 2, "style", ""),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, 2, "style", " "));
    assertThat(found.get(0).sha256()).isEqualTo("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  }

  @Test
  void scriptTypesAreJavaScriptOnlyWhenTheBrowserRunsThem() {
    assertThat(html("<script type=module>a()</script><script type=' TEXT/JAVASCRIPT '>b()</script>"))
        .extracting(InlineCode::content)
        .containsExactly("a()", "b()");
    assertThat(html("<script type=\"text/javascript; charset=utf-8\">c()</script>")).isEmpty();
    assertThat(html("<script language=javascript>d()</script>")).extracting(InlineCode::content).containsExactly("d()");
  }

  @Test
  void scriptTextEndsAtItsEndTagOnly() {
    List<InlineCode> found = html("<script>if (a<b && '<div style=x>') {}</SCRIPT ><div style=y>");
    assertThat(found).extracting(InlineCode::kind).containsExactly(Kind.SCRIPT, Kind.STYLE_ATTRIBUTE);
    assertThat(found.get(0).content()).isEqualTo("if (a<b && '<div style=x>') {}");
    assertThat(found.get(1).content()).isEqualTo("y");
  }

  @Test
  void noncesAreSeenInEachSyntax() {
    assertThat(html("<script nonce=abc>a()</script>").get(0).hasNonce()).isTrue();
    assertThat(thymeleaf("<script th:nonce=\"${cspNonce}\">a()</script>").get(0).hasNonce()).isTrue();
    assertThat(thymeleaf("<style data-th-nonce=\"${cspNonce}\">p{}</style>").get(0).hasNonce()).isTrue();
    assertThat(thymeleaf("<script th:attr=\"nonce=${cspNonce}\">a()</script>").get(0).hasNonce()).isTrue();
    assertThat(jsp("<script nonce=\"${cspNonce}\">a()</script>").get(0).hasNonce()).isTrue();
    assertThat(html("<script>a()</script>").get(0).hasNonce()).isFalse();
  }

  @Test
  void thymeleafExpressionsMakeContentDynamic() {
    List<InlineCode> found =
        thymeleaf(
            """
            <script>const a = [[${a}]];</script>
            <script th:inline="javascript">const b = /*[[${b}]]*/ 'b';</script>
            <script th:inline="none">const c = [[1, 2]];</script>
            <script>const d = `${d}`;</script>
            <style th:text="${css}"></style>
            <script>[(${raw})]</script>
            <div th:style="${s}" style="a: b" th:onclick="${h}"></div>
            """);
    assertThat(found)
        .extracting(InlineCode::kind, InlineCode::dynamic, InlineCode::modelCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, true, true),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, true, false),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, false, false),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, false, false),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE, true, true),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, true, true),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, true, false),
            org.assertj.core.groups.Tuple.tuple(Kind.EVENT_HANDLER, true, false));
    // th:style and style render as one attribute: reported once, where the first is written.
    assertThat(found.get(6).attribute()).isEqualTo("style");
  }

  @Test
  void jspExpressionsScriptletsAndTagsMakeContentDynamic() {
    List<InlineCode> found =
        jsp(
            """
            <%@ page contentType="text/html" %>
            <%-- <script>commented()</script> --%>
            <% if (x < 3) { %><script>static()</script><% } %>
            <script>var u = '${user}';</script>
            <script>var v = '<c:out value="${v}"/>';</script>
            <a href="<%= url("a>b") %>" onclick="<%= handler %>">x</a>
            <p style="color: red">
            """);
    assertThat(found)
        .extracting(InlineCode::kind, InlineCode::dynamic, InlineCode::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, false, 3),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, true, 4),
            org.assertj.core.groups.Tuple.tuple(Kind.SCRIPT, true, 5),
            org.assertj.core.groups.Tuple.tuple(Kind.EVENT_HANDLER, true, 6),
            org.assertj.core.groups.Tuple.tuple(Kind.STYLE_ATTRIBUTE, false, 7));
  }

  @Test
  void brokenInputIsReadAsFarAsItGoes() {
    assertThat(html("<div style=\"a: b")).isEmpty(); // a tag cut off by the end of the file
    assertThat(html("<script>never closed")).extracting(InlineCode::content).containsExactly("never closed");
    assertThat(html("<!-- never closed <script>a()</script>")).isEmpty();
    assertThat(html("<<<>>><a<b onclick=x>")).extracting(InlineCode::content).containsExactly("x");
    assertThat(html("")).isEmpty();
    assertThat(TemplateScanner.scan(null, null, null)).isEmpty();
  }

  @Test
  void linesCountLfCrLfAndLoneCr() {
    List<InlineCode> found = html("a\nb\r\nc\rd<p style=x>");
    assertThat(found.get(0).line()).isEqualTo(4);
  }
}
