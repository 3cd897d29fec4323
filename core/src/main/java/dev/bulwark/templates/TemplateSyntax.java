package dev.bulwark.templates;

/** How a template's text becomes the page: what in it is rendered from expressions. */
public enum TemplateSyntax {
  /** A static HTML file, served as written. */
  HTML,
  /**
   * A Thymeleaf template: element text with {@code [[...]]} or {@code [(...)]} (inlining is on by
   * default), or an element with {@code th:inline} (other than {@code none}), {@code th:text},
   * {@code th:utext}, {@code th:replace} or {@code th:insert}, renders from expressions; {@code
   * th:style} and {@code th:on*} attributes do too.
   */
  THYMELEAF,
  /**
   * A JSP or JSP fragment: text or attribute values with {@code ${...}}, {@code #{...}}, scriptlets
   * ({@code <% %>}) or custom tags ({@code <c:out>}) render from expressions.
   */
  JSP
}
