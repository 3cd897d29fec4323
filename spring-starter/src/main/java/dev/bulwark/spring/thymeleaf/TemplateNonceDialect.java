package dev.bulwark.spring.thymeleaf;

import dev.bulwark.servlet.BulwarkFilter;
import java.util.Locale;
import java.util.Set;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.ITemplateEvent;
import org.thymeleaf.model.IText;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractElementModelProcessor;
import org.thymeleaf.processor.element.IElementModelStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Gives every inline {@code <script>} and {@code <style>} element that a template itself contains
 * the response's CSP nonce ({@code bulwark.headers.csp.template-nonces=true}), read from the request
 * attribute {@value BulwarkFilter#NONCE_ATTRIBUTE}.
 *
 * <p>Only elements parsed from the template's own markup are seen: markup a model variable brings
 * in ({@code th:utext}, {@code [(...)]}) is never processed by Thymeleaf, so it gets no nonce. An
 * element of the template whose text can take a model value as code gets none either: one with
 * {@code th:text} or {@code th:utext}, unescaped inlining {@code [(...)]}, or {@code [[...]]}
 * outside {@code th:inline="javascript"} (scripts) and {@code th:inline="css"} (styles), where
 * Thymeleaf escapes for HTML only. Elements that have a nonce ({@code th:nonce}) and external
 * scripts ({@code src}) are left as they are. Without the request attribute (a template rendered
 * outside a request, or Bulwark switched off) nothing changes.
 */
public final class TemplateNonceDialect extends AbstractProcessorDialect {

  /** Ahead of the standard dialect (1000), so its attributes are still there to read. */
  private static final int PRECEDENCE = 10;

  public TemplateNonceDialect() {
    super("Bulwark template nonces", "bulwark", PRECEDENCE);
  }

  @Override
  public Set<IProcessor> getProcessors(String dialectPrefix) {
    return Set.of(new NonceProcessor(dialectPrefix, "script"), new NonceProcessor(dialectPrefix, "style"));
  }

  private static final class NonceProcessor extends AbstractElementModelProcessor {
    private final String element;

    NonceProcessor(String dialectPrefix, String element) {
      super(TemplateMode.HTML, dialectPrefix, element, false, null, false, PRECEDENCE);
      this.element = element;
    }

    @Override
    protected void doProcess(ITemplateContext context, IModel model, IElementModelStructureHandler structureHandler) {
      if (model.size() == 0 || !(model.get(0) instanceof IProcessableElementTag tag)) {
        return;
      }
      Object nonce = context instanceof IWebContext web ? web.getExchange().getAttributeValue(BulwarkFilter.NONCE_ATTRIBUTE) : null;
      if (nonce == null) {
        return;
      }
      if (has(tag, "nonce") || (element.equals("script") && (tag.hasAttribute("src") || has(tag, "src")))) {
        return;
      }
      if (has(tag, "text") || has(tag, "utext") || takesModelCode(tag, model)) {
        return;
      }
      model.replace(0, context.getModelFactory().setAttribute(tag, "nonce", nonce.toString()));
    }

    /**
     * Unescaped inlining, or escaped inlining outside the element's own language ({@code
     * th:inline="javascript"} keeps {@code [[...]]} as text for its JavaScript escaping; otherwise the
     * parser has turned it into a {@code th:block} with {@code th:text}).
     */
    private boolean takesModelCode(IProcessableElementTag tag, IModel model) {
      String inline = thymeleaf(tag, "inline");
      inline = inline == null ? null : inline.trim().toLowerCase(Locale.ROOT);
      if ("none".equals(inline)) {
        return false;
      }
      StringBuilder text = new StringBuilder();
      for (int i = 1; i < model.size(); i++) {
        ITemplateEvent event = model.get(i);
        if (event instanceof IText part) {
          text.append(part.getText());
        } else if (event instanceof IProcessableElementTag inner && (has(inner, "text") || has(inner, "utext"))) {
          // The parser turns [[...]] and [(...)] in element text into th:block th:text / th:utext.
          return true;
        }
      }
      String body = text.toString();
      String own = element.equals("script") ? "javascript" : "css";
      return body.contains("[(") || (body.contains("[[") && !own.equals(inline));
    }

    private static boolean has(IProcessableElementTag tag, String name) {
      return tag.hasAttribute(name) || tag.hasAttribute("th:" + name) || tag.hasAttribute("data-th-" + name);
    }

    private static String thymeleaf(IProcessableElementTag tag, String name) {
      String value = tag.getAttributeValue("th:" + name);
      return value != null ? value : tag.getAttributeValue("data-th-" + name);
    }
  }
}
