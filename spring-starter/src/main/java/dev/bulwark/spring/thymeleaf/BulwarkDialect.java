package dev.bulwark.spring.thymeleaf;

import dev.bulwark.encode.Encode;
import java.util.Set;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * Adds {@code #bulwark} to Thymeleaf expressions, for the contexts Thymeleaf's own escaping does
 * not cover: {@code const name = '[(${#bulwark.js(name)})]';} in a {@code
 * th:inline="javascript"} script, {@code th:href="${#bulwark.href(url)}"} (scheme checked, then
 * Thymeleaf escapes it as usual), {@code th:style="|background: url('${#bulwark.css(path)}')|"},
 * {@code th:href="|/search?q=${#bulwark.uri(query)}|"}.
 */
public final class BulwarkDialect extends AbstractDialect implements IExpressionObjectDialect {

  private static final Factory FACTORY = new Factory();

  public BulwarkDialect() {
    super("Bulwark");
  }

  @Override
  public IExpressionObjectFactory getExpressionObjectFactory() {
    return FACTORY;
  }

  /** The object behind {@code #bulwark}; every method maps to {@link Encode}. */
  public static final class Expressions {
    /** Text between tags. */
    public String html(Object value) {
      return Encode.html(value);
    }

    /** A quoted attribute value. */
    public String attr(Object value) {
      return Encode.htmlAttribute(value);
    }

    /** A quoted JavaScript string in a script block. */
    public String js(Object value) {
      return Encode.javaScriptBlock(value);
    }

    /**
     * A quoted JavaScript string in an event-handler attribute. Thymeleaf refuses text in {@code
     * th:on*}, and from 3.1.7 in {@code th:attr="onclick=..."} too: in a template, put the value in
     * {@code th:data-name="${name}"} and read {@code this.dataset.name} in the handler.
     */
    public String jsAttr(Object value) {
      return Encode.javaScriptAttribute(value);
    }

    /** A quoted CSS string. */
    public String css(Object value) {
      return Encode.cssString(value);
    }

    /** One URL component. */
    public String uri(Object value) {
      return Encode.uriComponent(value);
    }

    /**
     * A whole URL for {@code th:href}/{@code th:src}, scheme checked; left for Thymeleaf to escape
     * as an attribute.
     */
    public String href(Object value) {
      return Encode.safeUrl(value);
    }
  }

  private static final class Factory implements IExpressionObjectFactory {
    private static final Expressions EXPRESSIONS = new Expressions();
    // Thymeleaf asks for the names on every variable lookup of every template: no set per call.
    private static final Set<String> NAMES = Set.of("bulwark");

    @Override
    public Set<String> getAllExpressionObjectNames() {
      return NAMES;
    }

    @Override
    public Object buildObject(IExpressionContext context, String name) {
      return "bulwark".equals(name) ? EXPRESSIONS : null;
    }

    @Override
    public boolean isCacheable(String name) {
      return true;
    }
  }
}
