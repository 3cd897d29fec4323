package dev.bulwark.spring.thymeleaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.encode.Encode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * {@code #bulwark} in real Thymeleaf templates: each method writes what the matching {@link Encode}
 * method returns, in the context it is meant for, including the ones Thymeleaf's own escaping does
 * not cover (CSS strings, URL components, script strings written unescaped); and the way an event
 * handler gets text in Thymeleaf, through a data attribute.
 */
class BulwarkDialectTest {

  private static final String HOSTILE = "</script><img src=x onerror=alert(1)>'\"&\\ ${1+1}";

  private static String render(String template, Object value) {
    StringTemplateResolver resolver = new StringTemplateResolver();
    resolver.setTemplateMode(TemplateMode.HTML);
    TemplateEngine engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    engine.addDialect(new BulwarkDialect());
    Context context = new Context();
    context.setVariables(Map.of("v", value));
    return engine.process(template, context);
  }

  @Test
  void eachMethodEncodesForItsContext() {
    String out =
        render(
            """
            <script th:inline="javascript">const v = '[(${#bulwark.js(v)})]';</script>
            <button th:data-v="${v}" onclick="show(this.dataset.v)">show</button>
            <p th:utext="${#bulwark.html(v)}">text</p>
            <div th:utext="'&lt;i title=&quot;' + ${#bulwark.attr(v)} + '&quot;&gt;&lt;/i&gt;'"></div>
            <span th:style="|--a: '${#bulwark.css(v)}'|"></span>
            <a th:href="|/search?q=${#bulwark.uri(v)}|">search</a>
            """,
            HOSTILE);

    assertThat(out)
        .contains("const v = '" + Encode.javaScriptBlock(HOSTILE) + "';")
        .contains("<p>" + Encode.html(HOSTILE) + "</p>")
        .contains("<i title=\"" + Encode.htmlAttribute(HOSTILE) + "\"></i>")
        .contains("href=\"/search?q=" + Encode.uriComponent(HOSTILE) + "\"");
    // Thymeleaf escapes attribute values once more; the browser undoes that before it hands the
    // handler to the JavaScript parser and the style to the CSS parser, which then see the encoding.
    // Event handlers take text from a data attribute: Thymeleaf refuses text in th:on*, and from
    // 3.1.7 in th:attr="onclick=..." too. The handler's code is fixed; the value is plain attribute text.
    assertThat(attribute(out, "data-v")).isEqualTo(HOSTILE);
    assertThat(attribute(out, "onclick")).isEqualTo("show(this.dataset.v)");
    assertThat(attribute(out, "style")).isEqualTo("--a: '" + Encode.cssString(HOSTILE) + "'");
    // Outside the script's string no tag was injected.
    assertThat(out.replaceAll("(?s)<script>.*?</script>", "")).doesNotContain("<img", "</script");
  }

  /** The HTML-decoded value of the first attribute with this name. */
  private static String attribute(String html, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&quot;", "\"")
        .replace("&#34;", "\"").replace("&amp;", "&");
  }

  @Test
  void hrefChecksTheSchemeAndLeavesEscapingToThymeleaf() {
    assertThat(render("<a th:href=\"${#bulwark.href(v)}\">x</a>", " JaVa\tScript:alert(1)"))
        .isEqualTo("<a href=\"" + Encode.REFUSED_HREF + "\">x</a>");
    assertThat(render("<a th:href=\"${#bulwark.href(v)}\">x</a>", "https://example.com/?a=1&b=2"))
        .isEqualTo("<a href=\"https://example.com/?a=1&amp;b=2\">x</a>");
    assertThat(render("<p th:text=\"${#bulwark.js(v)}\">x</p>", Map.of()))
        .isEqualTo("<p>" + Encode.javaScriptBlock("{}") + "</p>");
  }
}
