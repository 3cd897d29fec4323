package dev.bulwark.servlet;

import dev.bulwark.encode.Encode;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The places in a page where {@link XssBrowserTest} puts each vector, one per {@link Encode}
 * context, and how the page reads the value back. Every element a context writes carries {@code
 * data-h} (the page's own markup) and {@code data-v} (the vector's id); the reader named by {@code
 * data-r} tells the browser-side collector how to read what arrived:
 *
 * <ul>
 *   <li>{@code text}: the element's text;
 *   <li>{@code attrs}: the {@code title} (double-quoted) and {@code data-b} (single-quoted) attributes;
 *   <li>{@code js}: what the page's script or event handlers passed to {@code __seen(id, slot, value)};
 *   <li>{@code css}: the computed {@code content} of {@code ::before} and {@code ::after}, unquoted;
 *   <li>{@code css-var}: the computed {@code content} of {@code ::after}, which reads the custom
 *       property {@code --a} set in the element's style attribute;
 *   <li>{@code query}: the {@code q} and {@code r} parameters of the resolved link;
 *   <li>{@code href}: the {@code href} attribute as the browser kept it.
 * </ul>
 */
enum XssContext {

  /** {@link Encode#html} between tags. */
  HTML_TEXT(Encode::html, false, "<img src=x onerror=alert(1)>") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      out.append("<div data-h data-v=\"").append(id).append("\" data-r=\"text\">").append(e).append("</div>\n");
    }

    @Override
    List<String> expected(String vector) {
      return List.of(vector);
    }
  },

  /** {@link Encode#html} in quoted attributes, which its Javadoc also allows. */
  HTML_IN_ATTRIBUTE(Encode::html, false, "\"/><svg/onload=alert(1)>") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      attributes(out, id, e);
    }
  },

  /** {@link Encode#htmlAttribute} in a double- and a single-quoted attribute. */
  HTML_ATTRIBUTE(Encode::htmlAttribute, false, "\" onmouseover=\"alert(1)") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      attributes(out, id, e);
    }
  },

  /** {@link Encode#javaScriptBlock} in a single- and a double-quoted string in a script block. */
  JAVASCRIPT_BLOCK(Encode::javaScriptBlock, false, "');alert(1);//") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      script(out, id, e, nonce);
    }
  },

  /** {@link Encode#javaScript} (the all-purpose one) in a script block. */
  JAVASCRIPT_IN_BLOCK(Encode::javaScript, false, "'-alert(1)-'") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      script(out, id, e, nonce);
    }
  },

  /**
   * {@link Encode#javaScriptAttribute} in a single-quoted string in a double-quoted {@code onclick}
   * and a double-quoted string in a single-quoted {@code onmouseover}. Inline handlers: blocked by
   * Bulwark's CSP, so only read back without it.
   */
  JAVASCRIPT_ATTRIBUTE(Encode::javaScriptAttribute, true, "');alert(1);//") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      handlers(out, id, e);
    }
  },

  /** {@link Encode#javaScript} in event-handler attributes. */
  JAVASCRIPT_IN_ATTRIBUTE(Encode::javaScript, true, "'-alert(1)-'") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      handlers(out, id, e);
    }
  },

  /** {@link Encode#cssString} in a single- and a double-quoted {@code content} string in a style block. */
  CSS_STRING_BLOCK(Encode::cssString, false, "'</style><script>alert(1)</script>") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      out.append("<style data-h data-v=\"").append(id).append("\"").append(nonce).append(">#v").append(id).append("::before{content:'").append(e)
          .append("'}\n#v").append(id).append("::after{content:\"").append(e).append("\"}</style>")
          .append("<span data-h data-v=\"").append(id).append("\" data-r=\"css\" id=\"v").append(id).append("\"></span>\n");
    }
  },

  /**
   * {@link Encode#cssString} in style attributes: a single-quoted string in a double-quoted
   * attribute and the other way round. Style attributes: blocked by Bulwark's CSP, so only read
   * back without it.
   */
  CSS_STRING_ATTRIBUTE(Encode::cssString, true, "\"><img src=x onerror=alert(1)>") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      out.append("<span data-h data-v=\"").append(id).append("\" data-r=\"css-var\" style=\"--a:'").append(e).append("'\"></span>")
          .append("<span data-h data-v=\"").append(id).append("\" data-r=\"css-var\" style='--a:\"").append(e).append("\"'></span>\n");
    }
  },

  /** {@link Encode#uriComponent} as a query parameter value of a link. */
  URI_COMPONENT(Encode::uriComponent, false, "\"><img src=x onerror=alert(1)>") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      out.append("<a data-h data-v=\"").append(id).append("\" data-r=\"query\" href=\"/echo?q=").append(e).append("&amp;r=1\">q</a>\n");
    }

    @Override
    List<String> expected(String vector) {
      return List.of(vector, "1");
    }
  },

  /** {@link Encode#href}: a whole URL in {@code href}. */
  HREF(Encode::href, false, "javascript:alert(1)") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      link(out, id, e);
    }

    @Override
    List<String> expected(String vector) {
      return List.of(Encode.REFUSED_HREF.equals(Encode.href(vector)) ? Encode.REFUSED_HREF : vector);
    }
  },

  /** {@link Encode#safeUrl} then {@link Encode#htmlAttribute}, as a template engine would. */
  SAFE_URL(v -> Encode.htmlAttribute(Encode.safeUrl(v)), false, "javascript:alert(1)") {
    @Override
    void render(StringBuilder out, String id, String e, String nonce) {
      link(out, id, e);
    }

    @Override
    List<String> expected(String vector) {
      return List.of(Encode.safeUrl(vector));
    }
  };

  private final UnaryOperator<String> encoder;
  private final boolean inline;
  private final String control;

  XssContext(UnaryOperator<String> encoder, boolean inline, String control) {
    this.encoder = encoder;
    this.inline = inline;
    this.control = control;
  }

  /** Encodes a value for this context. */
  String encode(String value) {
    return encoder.apply(value);
  }

  /**
   * Whether the context lives in an event-handler or style attribute, which a CSP without
   * {@code 'unsafe-inline'} (Bulwark's default) switches off.
   */
  boolean inline() {
    return inline;
  }

  /** A corpus vector that breaks out of this context when inserted without encoding. */
  String control() {
    return control;
  }

  /** Writes the markup for one value, already encoded (or, for the control, not). */
  abstract void render(StringBuilder out, String id, String encoded, String nonceAttribute);

  /** What the page should read back for a vector that {@link XssVectors.Vector#roundTrips()}. */
  List<String> expected(String vector) {
    return List.of(vector, vector);
  }

  private static void attributes(StringBuilder out, String id, String e) {
    out.append("<div data-h data-v=\"").append(id).append("\" data-r=\"attrs\" title=\"").append(e)
        .append("\" data-b='").append(e).append("'></div>\n");
  }

  private static void script(StringBuilder out, String id, String e, String nonce) {
    out.append("<script data-h data-v=\"").append(id).append("\" data-r=\"js\"").append(nonce).append(">__seen(\"")
        .append(id).append("\", 0, '").append(e).append("'); __seen(\"").append(id).append("\", 1, \"").append(e)
        .append("\");</script>\n");
  }

  private static void handlers(StringBuilder out, String id, String e) {
    out.append("<button data-h data-v=\"").append(id).append("\" data-r=\"js\" onclick=\"__seen('").append(id)
        .append("', 0, '").append(e).append("')\" onmouseover='__seen(\"").append(id).append("\", 1, \"").append(e)
        .append("\")'>b</button>\n");
  }

  private static void link(StringBuilder out, String id, String e) {
    out.append("<a data-h data-v=\"").append(id).append("\" data-r=\"href\" href=\"").append(e).append("\">h</a>\n");
  }
}
