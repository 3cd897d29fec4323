package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.encode.Encode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSP helper, {@code <%@ taglib prefix="enc" uri="urn:bulwark:encode" %>}, in a real JSP that
 * embedded Tomcat's Jasper compiles: the library is found in Bulwark's jar (its {@code META-INF}),
 * and each function writes what the matching {@link Encode} method returns, in the context it is
 * meant for, JavaScript and attribute contexts included.
 */
class EncodeTagLibraryTest {

  private static final String PAGE =
      """
      <%@ page contentType="text/html;charset=UTF-8" %><%@ taglib prefix="enc" uri="urn:bulwark:encode" %>
      <p id="html">${enc:html(param.v)}</p>
      <div id="attr" title="${enc:attr(param.v)}"></div>
      <script nonce="${cspNonce}">const v = '${enc:js(param.v)}';</script>
      <button onclick="show('${enc:jsAttr(param.v)}')">show</button>
      <style nonce="${cspNonce}">#html::after { content: '${enc:css(param.v)}'; }</style>
      <a id="search" href="/search?q=${enc:uri(param.v)}">search</a>
      <a id="link" href="${enc:href(param.v)}">link</a>
      """;

  private static Tomcat tomcat;

  @BeforeAll
  static void start() throws Exception {
    Path base = Files.createTempDirectory("bulwark-jsp");
    Path docs = Files.createDirectories(base.resolve("docs"));
    Files.writeString(docs.resolve("encode.jsp"), PAGE);
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    // A web application with Tomcat's defaults: the JSP servlet, the TLD scan of the class path
    // (which finds META-INF/bulwark-encode.tld), and Bulwark's drop-in initializer, which installs
    // the filter and puts the CSP nonce in the request.
    tomcat.addWebapp("", docs.toString());
    tomcat.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  private static String render(String value) throws Exception {
    URI uri =
        URI.create("http://localhost:" + tomcat.getConnector().getLocalPort() + "/encode.jsp?v="
            + URLEncoder.encode(value, StandardCharsets.UTF_8));
    HttpResponse<String> response = Http.get(uri);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void everyFunctionEncodesForItsContext() throws Exception {
    String hostile = "</script><img src=x onerror=alert(1)>'\"&\\ ${1+1} \u2028";
    String body = render(hostile);

    assertThat(body)
        .contains("<p id=\"html\">" + Encode.html(hostile) + "</p>")
        .contains("title=\"" + Encode.htmlAttribute(hostile) + "\"")
        .contains("const v = '" + Encode.javaScriptBlock(hostile) + "';")
        .contains("onclick=\"show('" + Encode.javaScriptAttribute(hostile) + "')\"")
        .contains("content: '" + Encode.cssString(hostile) + "';")
        .contains("href=\"/search?q=" + Encode.uriComponent(hostile) + "\"")
        .contains("href=\"" + Encode.href(hostile) + "\"");
    // Outside the JavaScript strings (where "<img" is harmless text) no tag was injected, and the
    // EL in the value stayed data: ${1+1} arrives as it is, never as 2.
    assertThat(body.replaceAll("(?s)<script.*?</script>|onclick=\"[^\"]*\"", "")).doesNotContain("<img", "</script");
    assertThat(body).contains("${1+1}").doesNotContain("\\ 2 ");
  }

  @Test
  void hrefRefusesScriptUrlsAndNullBecomesEmpty() throws Exception {
    assertThat(render(" JaVa\tScript:alert(1)")).contains("href=\"" + Encode.REFUSED_HREF + "\"");
    assertThat(render("https://example.com/a?b=1&c=2")).contains("href=\"https://example.com/a?b=1&amp;c=2\"");

    HttpResponse<String> absent =
        Http.get(URI.create("http://localhost:" + tomcat.getConnector().getLocalPort() + "/encode.jsp"));
    assertThat(absent.body()).contains("<p id=\"html\"></p>", "title=\"\"", "const v = '';", "href=\"\"");
  }
}
