package dev.bulwark.templates;

import java.util.Objects;

/**
 * One template's text, as a host found it.
 *
 * @param name how findings name it ({@code templates/notes.html}, {@code /WEB-INF/jsp/notes.jsp})
 * @param text the whole text
 * @param syntax how it renders
 */
public record TemplateFile(String name, String text, TemplateSyntax syntax) {

  /** Checks that every part is present. */
  public TemplateFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(syntax, "syntax");
  }
}
