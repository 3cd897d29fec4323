package dev.bulwark.templates;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.headers.CspConfig;
import dev.bulwark.readiness.Finding;
import dev.bulwark.readiness.KnownFinding;
import dev.bulwark.readiness.ReadinessCheck;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.templates.InlineCode.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Readiness findings for inline code in the application's templates that the configured HTML
 * policy ({@code bulwark.headers.csp.html-policy}) blocks: one finding per element or attribute,
 * naming file and line and the CSP source that would allow it. What the policy allows already
 * (through {@code 'unsafe-inline'}, a listed hash, or a nonce on the element) is not reported;
 * with CSP off nothing is.
 *
 * <p>The templates are read once, on the first check, and kept: the readiness endpoint judges the
 * same scan against the policy each time.
 */
public final class TemplateCheck implements ReadinessCheck {

  private final Supplier<? extends Collection<TemplateFile>> templates;
  private volatile List<Scanned> scanned;

  /** @param templates reads the application's templates; called once, on the first check */
  public TemplateCheck(Supplier<? extends Collection<TemplateFile>> templates) {
    this.templates = templates;
  }

  private record Scanned(TemplateSyntax syntax, InlineCode code) {}

  @Override
  public List<Finding> check(ReadinessContext context) {
    BulwarkConfig config = context.config();
    CspConfig csp = config.headers().csp();
    if (!config.enabled() || !config.headers().enabled() || !csp.enabled()) {
      return List.of();
    }
    InlineCodePolicy policy = InlineCodePolicy.of(csp.htmlPolicy());
    List<Finding> findings = new ArrayList<>();
    for (Scanned item : scanned()) {
      InlineCode code = item.code();
      boolean templateNonce =
          csp.templateNonces() && item.syntax() == TemplateSyntax.THYMELEAF && code.kind().isElement() && !code.modelCode();
      if (templateNonce && !code.hasNonce()) {
        code = withNonce(code);
      }
      InlineCodePolicy.Verdict verdict = policy.judge(code);
      if (!verdict.allowed()) {
        findings.add(finding(item.syntax(), code, verdict, csp.templateNonces()));
      }
    }
    return findings;
  }

  private List<Scanned> scanned() {
    List<Scanned> current = scanned;
    if (current == null) {
      synchronized (this) {
        current = scanned;
        if (current == null) {
          List<Scanned> all = new ArrayList<>();
          for (TemplateFile file : templates.get()) {
            for (InlineCode code : TemplateScanner.scan(file.name(), file.text(), file.syntax())) {
              all.add(new Scanned(file.syntax(), code));
            }
          }
          current = List.copyOf(all);
          scanned = current;
        }
      }
    }
    return current;
  }

  private static InlineCode withNonce(InlineCode code) {
    return new InlineCode(
        code.kind(), code.file(), code.line(), code.offset(), code.element(), code.attribute(), code.content(),
        code.dynamic(), true, code.modelCode());
  }

  /** The finding for blocked inline code, with the source that would allow it. */
  static Finding finding(TemplateSyntax syntax, InlineCode code, InlineCodePolicy.Verdict verdict, boolean templateNonces) {
    String directive = verdict.directive();
    String blocked = "; " + directive + " blocks it.";
    String nonceAttribute =
        syntax == TemplateSyntax.JSP ? "nonce=\"${cspNonce}\"" : "th:nonce=\"${cspNonce}\"";
    return switch (code.kind()) {
      case SCRIPT, STYLE -> {
        KnownFinding known = code.kind() == Kind.SCRIPT ? KnownFinding.INLINE_SCRIPT_BLOCKED : KnownFinding.INLINE_STYLE_BLOCKED;
        String what = code.location() + ": inline <" + code.element() + ">";
        String message;
        String fix;
        if (code.hasNonce() && !verdict.nonceSource()) {
          message = what + (templateNonces && syntax == TemplateSyntax.THYMELEAF ? " gets the nonce" : " carries a nonce")
              + ", but " + directive + " lists no 'nonce-{nonce}'" + blocked;
          fix = "Add 'nonce-{nonce}' to " + directive + " in bulwark.headers.csp.html-policy"
              + (code.dynamic() ? "." : ", or its hash " + code.sha256() + ".");
        } else if (code.dynamic()) {
          message = what + " without a nonce; its text renders from expressions, so no hash fits" + blocked;
          fix = "Use a nonce: " + nonceAttribute
              + (syntax == TemplateSyntax.THYMELEAF && !code.modelCode()
                  ? " on the element, or bulwark.headers.csp.template-nonces=true."
                  : code.modelCode() ? " on the element, once its text no longer takes model values as code." : " on the element.");
        } else {
          message = what + " without a nonce" + blocked;
          fix = "Add " + code.sha256() + " to " + directive + " in bulwark.headers.csp.html-policy, "
              + (syntax == TemplateSyntax.HTML
                  ? "or move it to a file."
                  : "or give the element the nonce: " + nonceAttribute
                      + (syntax == TemplateSyntax.THYMELEAF ? " (or bulwark.headers.csp.template-nonces=true)." : "."));
        }
        yield known.finding(message, fix);
      }
      case STYLE_ATTRIBUTE -> {
        String message = code.location() + ": style attribute on <" + code.element() + ">";
        if (code.dynamic()) {
          yield KnownFinding.STYLE_ATTRIBUTE_BLOCKED.finding(
              message + "; its value renders from expressions, so no hash fits" + blocked,
              "Move the declarations to a class in a stylesheet (a rendered value can only be allowed by"
                  + " 'unsafe-inline').");
        }
        yield KnownFinding.STYLE_ATTRIBUTE_BLOCKED.finding(
            message + blocked,
            "Add 'unsafe-hashes' " + code.sha256() + " to " + directive
                + " in bulwark.headers.csp.html-policy, or move the declarations to a class in a stylesheet.");
      }
      case EVENT_HANDLER -> {
        String message = code.location() + ": " + code.attribute() + " handler on <" + code.element() + ">";
        if (code.dynamic()) {
          yield KnownFinding.EVENT_HANDLER_BLOCKED.finding(
              message + "; its value renders from expressions, so no hash fits" + blocked,
              "Move it to a listener: addEventListener from a script file or a script with the nonce (a rendered"
                  + " handler can only be allowed by 'unsafe-inline').");
        }
        yield KnownFinding.EVENT_HANDLER_BLOCKED.finding(
            message + blocked,
            "Add 'unsafe-hashes' " + code.sha256() + " to " + directive
                + " in bulwark.headers.csp.html-policy, or better move it to a listener (addEventListener from a"
                + " script file or a script with the nonce).");
      }
      case JAVASCRIPT_URL -> KnownFinding.JAVASCRIPT_URL_BLOCKED.finding(
          code.location() + ": javascript: URL in " + code.attribute() + " of <" + code.element() + ">" + blocked,
          "Move it to a listener (addEventListener from a script file or a script with the nonce): no CSP source"
              + " short of 'unsafe-inline' allows a javascript: URL.");
    };
  }
}
