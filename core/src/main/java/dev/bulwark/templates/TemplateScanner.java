package dev.bulwark.templates;

import dev.bulwark.templates.InlineCode.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the inline code in a template that a Content-Security-Policy judges: inline {@code
 * <script>} and {@code <style>} elements, {@code style} attributes, event-handler attributes and
 * {@code javascript:} URLs.
 *
 * <p>A tolerant tokenizer in the manner of the HTML parser, not a validator: it reads tags and
 * attributes (quoted, unquoted, valueless), skips comments, doctypes and processing instructions
 * (and JSP comments, directives and scriptlets), reads {@code <script>} and {@code <style>} text up
 * to their end tag without looking for tags inside, and skips the text of {@code <textarea>},
 * {@code <title>}, {@code <noscript>} and the other elements whose content is never markup. Broken
 * input is read as far as it goes, never refused: an unterminated comment or quote runs to the end
 * of the file, and a tag cut off by the end of the file is dropped as a browser drops it. It never
 * throws on any text.
 *
 * <p>What a browser hashes is reproduced: element text as written, attribute values with character
 * references decoded, line breaks as LF (the HTML parser turns CR LF and CR into LF), NUL as
 * U+FFFD.
 */
public final class TemplateScanner {

  /** JavaScript MIME types (HTML's list), {@code module} and {@code importmap}; anything else is data. */
  private static final Set<String> SCRIPT_TYPES =
      Set.of(
          "", "module", "importmap", "speculationrules", "application/ecmascript", "application/javascript",
          "application/x-ecmascript", "application/x-javascript", "text/ecmascript", "text/javascript",
          "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
          "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
          "text/x-javascript");

  /** Elements whose content is text, never markup: inline code in them does not run. */
  private static final Set<String> TEXT_ELEMENTS =
      Set.of("textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript");

  /** Attributes that hold a URL a browser may navigate to or load. */
  private static final Set<String> URL_ATTRIBUTES =
      Set.of("href", "src", "action", "formaction", "xlink:href", "data");

  /** Thymeleaf attributes that replace an element's content (with and without the data- form). */
  private static final Set<String> THYMELEAF_CONTENT =
      Set.of("text", "utext", "replace", "insert", "include");

  private TemplateScanner() {}

  /**
   * Scans one template.
   *
   * @param file the name findings carry ({@code templates/notes.html})
   * @param text the template's text; {@code null} reads as empty
   * @param syntax how the template renders
   * @return the inline code in document order
   */
  public static List<InlineCode> scan(String file, String text, TemplateSyntax syntax) {
    return new Run(file == null ? "" : file, text == null ? "" : text, syntax == null ? TemplateSyntax.HTML : syntax)
        .scan();
  }

  /** One attribute as written: its name (as in the file), where it starts, its raw value or null. */
  private record Attribute(String name, int offset, String value) {
    String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  private static final class Run {
    private final String file;
    private final String text;
    private final int n;
    private final TemplateSyntax syntax;
    private final List<InlineCode> found = new ArrayList<>();
    private int[] lineStarts;

    Run(String file, String text, TemplateSyntax syntax) {
      this.file = file;
      this.text = text;
      this.n = text.length();
      this.syntax = syntax;
    }

    List<InlineCode> scan() {
      int i = 0;
      while (i < n) {
        int lt = text.indexOf('<', i);
        if (lt < 0) {
          break;
        }
        if (text.startsWith("<!--", lt)) {
          i = after(lt + 4, "-->");
        } else if (syntax == TemplateSyntax.JSP && text.startsWith("<%--", lt)) {
          i = after(lt + 4, "--%>");
        } else if (syntax == TemplateSyntax.JSP && text.startsWith("<%", lt)) {
          i = after(lt + 2, "%>");
        } else if (text.startsWith("<!", lt) || text.startsWith("<?", lt) || text.startsWith("</", lt)) {
          i = after(lt + 2, ">");
        } else if (lt + 1 < n && isAsciiLetter(text.charAt(lt + 1))) {
          i = startTag(lt);
        } else {
          i = lt + 1;
        }
      }
      return found;
    }

    /** Reads a start tag at {@code lt} and what it implies; returns where scanning goes on. */
    private int startTag(int lt) {
      int p = lt + 1;
      while (p < n && !isSpace(text.charAt(p)) && text.charAt(p) != '/' && text.charAt(p) != '>') {
        p++;
      }
      String name = text.substring(lt + 1, p).toLowerCase(Locale.ROOT);
      List<Attribute> attributes = new ArrayList<>();
      boolean closed = false;
      while (p < n) {
        char c = text.charAt(p);
        if (isSpace(c) || c == '/') {
          p++;
        } else if (c == '>') {
          p++;
          closed = true;
          break;
        } else if (syntax == TemplateSyntax.JSP && text.startsWith("<%", p)) {
          p = after(p + 2, "%>");
        } else {
          p = attribute(p, attributes);
        }
      }
      if (!closed) {
        // A tag cut off by the end of the file is no element (the browser drops it too).
        return n;
      }
      attributes(name, lt, attributes);
      if (name.equals("script") || name.equals("style")) {
        int end = endTag(name, p);
        element(name, lt, attributes, text.substring(p, end));
        return end >= n ? n : after(end, ">");
      }
      if (name.equals("plaintext")) {
        return n;
      }
      if (TEXT_ELEMENTS.contains(name)) {
        int end = endTag(name, p);
        return end >= n ? n : after(end, ">");
      }
      return p;
    }

    /** Reads one attribute at {@code p} (not a space, '/' or '>'); returns the position after it. */
    private int attribute(int p, List<Attribute> attributes) {
      int start = p;
      p++; // the first character belongs to the name whatever it is, '=' included
      while (p < n) {
        char c = text.charAt(p);
        if (isSpace(c) || c == '/' || c == '>' || c == '=') {
          break;
        }
        p++;
      }
      String name = text.substring(start, p);
      int q = skipSpaces(p);
      if (q >= n || text.charAt(q) != '=') {
        attributes.add(new Attribute(name, start, null));
        return p;
      }
      q = skipSpaces(q + 1);
      if (q >= n) {
        attributes.add(new Attribute(name, start, ""));
        return n;
      }
      char quote = text.charAt(q);
      if (quote == '"' || quote == '\'') {
        int end = closingQuote(q + 1, quote);
        attributes.add(new Attribute(name, start, text.substring(q + 1, end)));
        return end >= n ? n : end + 1;
      }
      if (quote == '>') {
        attributes.add(new Attribute(name, start, ""));
        return q;
      }
      int end = q;
      while (end < n && !isSpace(text.charAt(end)) && text.charAt(end) != '>') {
        end++;
      }
      attributes.add(new Attribute(name, start, text.substring(q, end)));
      return end;
    }

    /** The index of the quote that closes a value, or {@code n}; JSP scriptlets inside are skipped. */
    private int closingQuote(int from, char quote) {
      int p = from;
      while (p < n) {
        char c = text.charAt(p);
        if (c == quote) {
          return p;
        }
        if (syntax == TemplateSyntax.JSP && c == '<' && text.startsWith("<%", p)) {
          int end = text.indexOf("%>", p + 2);
          if (end < 0) {
            return n;
          }
          p = end + 2;
        } else {
          p++;
        }
      }
      return n;
    }

    /** The index of {@code </name} ending raw text from {@code from}, or {@code n}. */
    private int endTag(String name, int from) {
      int p = from;
      while (p < n) {
        int lt = text.indexOf("</", p);
        if (lt < 0) {
          return n;
        }
        int after = lt + 2 + name.length();
        if (text.regionMatches(true, lt + 2, name, 0, name.length())
            && (after >= n || isSpace(text.charAt(after)) || text.charAt(after) == '/' || text.charAt(after) == '>')) {
          return lt;
        }
        p = lt + 2;
      }
      return n;
    }

    /** Style attributes, event handlers and javascript: URLs of one element. */
    private void attributes(String element, int tagOffset, List<Attribute> attributes) {
      // One entry per rendered attribute: style and th:style become one style attribute.
      Map<String, InlineCode> byRenderedName = new LinkedHashMap<>();
      for (Attribute attribute : attributes) {
        String lower = attribute.lowerName();
        String value = attribute.value() == null ? "" : attribute.value();
        String thymeleaf = syntax == TemplateSyntax.THYMELEAF ? thymeleafName(lower) : null;
        if (thymeleaf != null) {
          if (thymeleaf.equals("style") || thymeleaf.equals("styleappend")) {
            merge(byRenderedName, "style", code(Kind.STYLE_ATTRIBUTE, attribute, element, "style", "", true, false));
          } else if (isEventHandler(thymeleaf)) {
            merge(byRenderedName, thymeleaf, code(Kind.EVENT_HANDLER, attribute, element, thymeleaf, "", true, false));
          }
          continue;
        }
        // A blank style attribute too: Chromium checks (and reports) it whatever its value, petclinic's
        // <div ... style> included; the hash of the value as written allows it. (Blank handlers are
        // reported by Chromium as well, but on[a-z]+ also matches words that are no handler, such as one.)
        if (lower.equals("style")) {
          merge(byRenderedName, "style", code(Kind.STYLE_ATTRIBUTE, attribute, element, lower, value));
        } else if (isEventHandler(lower)) {
          if (!value.isBlank()) {
            merge(byRenderedName, lower, code(Kind.EVENT_HANDLER, attribute, element, lower, value));
          }
        } else if (URL_ATTRIBUTES.contains(lower) && isJavaScriptUrl(decode(value))) {
          InlineCode url = code(Kind.JAVASCRIPT_URL, attribute, element, lower, value);
          byRenderedName.putIfAbsent(lower, url);
        }
      }
      found.addAll(byRenderedName.values());
    }

    private InlineCode code(Kind kind, Attribute attribute, String element, String name, String rawValue) {
      return code(kind, attribute, element, name, decode(rawValue), dynamicValue(rawValue), false);
    }

    private InlineCode code(
        Kind kind, Attribute attribute, String element, String name, String content, boolean dynamic, boolean nonce) {
      return new InlineCode(
          kind, file, line(attribute.offset()), attribute.offset(), element, name, content, dynamic, nonce, false);
    }

    /** Keeps the first position and content; dynamic if either is. */
    private static void merge(Map<String, InlineCode> codes, String key, InlineCode code) {
      InlineCode previous = codes.get(key);
      if (previous == null) {
        codes.put(key, code);
      } else if (code.dynamic() && !previous.dynamic()) {
        codes.put(
            key,
            new InlineCode(previous.kind(), previous.file(), previous.line(), previous.offset(), previous.element(),
                previous.attribute(), previous.content(), true, previous.hasNonce(), false));
      }
    }

    /** An inline script or style element with its text. */
    private void element(String name, int offset, List<Attribute> attributes, String rawContent) {
      boolean nonce = false;
      boolean dynamic = false;
      boolean textFromModel = false;
      String inline = null;
      String type = null;
      String language = null;
      for (Attribute attribute : attributes) {
        String lower = attribute.lowerName();
        String value = attribute.value() == null ? "" : attribute.value();
        String thymeleaf = syntax == TemplateSyntax.THYMELEAF ? thymeleafName(lower) : null;
        if (lower.equals("nonce") || (thymeleaf != null && thymeleaf.equals("nonce"))) {
          nonce = true;
        } else if (thymeleaf != null && thymeleaf.equals("attr") && value.toLowerCase(Locale.ROOT).contains("nonce")) {
          nonce = true;
        } else if (lower.equals("src") || (thymeleaf != null && thymeleaf.equals("src"))) {
          if (name.equals("script")) {
            return; // an external script: its text is ignored, the source list judges the URL
          }
        } else if (thymeleaf != null && thymeleaf.equals("inline")) {
          inline = value.trim().toLowerCase(Locale.ROOT);
          dynamic |= !inline.equals("none");
        } else if (thymeleaf != null && THYMELEAF_CONTENT.contains(thymeleaf)) {
          dynamic = true;
          textFromModel |= thymeleaf.equals("text") || thymeleaf.equals("utext");
        } else if (lower.equals("type") && type == null) {
          type = decode(value).strip().toLowerCase(Locale.ROOT);
        } else if (lower.equals("language") && language == null) {
          language = decode(value).strip().toLowerCase(Locale.ROOT);
        }
      }
      if (name.equals("script")) {
        if ((type == null || type.isEmpty()) && language != null && !language.isEmpty()) {
          type = "text/" + language;
        }
        if (type != null && !SCRIPT_TYPES.contains(type)) {
          return; // a data block (JSON, a client-side template): never run, never judged
        }
      } else if (type != null && !type.isEmpty() && !type.equals("text/css")) {
        return;
      }
      boolean modelCode = false;
      if (syntax == TemplateSyntax.THYMELEAF) {
        boolean inlining = !"none".equals(inline);
        boolean escaped = rawContent.contains("[[");
        boolean unescaped = rawContent.contains("[(");
        dynamic |= inlining && (escaped || unescaped);
        String codeMode = name.equals("script") ? "javascript" : "css";
        modelCode = textFromModel || (inlining && (unescaped || (escaped && !codeMode.equals(inline))));
      } else if (syntax == TemplateSyntax.JSP) {
        dynamic |= dynamicValue(rawContent) || hasCustomTag(rawContent);
      }
      Kind kind = name.equals("script") ? Kind.SCRIPT : Kind.STYLE;
      found.add(new InlineCode(kind, file, line(offset), offset, name, "", normalise(rawContent), dynamic, nonce, modelCode));
    }

    /** JSP text that renders from expressions. */
    private boolean dynamicValue(String raw) {
      return syntax == TemplateSyntax.JSP && (raw.contains("${") || raw.contains("#{") || raw.contains("<%"));
    }

    /** A JSP custom or standard action ({@code <c:out}, {@code <jsp:include}) in element text. */
    private static boolean hasCustomTag(String raw) {
      for (int lt = raw.indexOf('<'); lt >= 0 && lt + 1 < raw.length(); lt = raw.indexOf('<', lt + 1)) {
        int p = lt + 1;
        if (raw.charAt(p) == '/') {
          p++;
        }
        int start = p;
        while (p < raw.length() && (isAsciiLetter(raw.charAt(p)) || Character.isDigit(raw.charAt(p))
            || raw.charAt(p) == '-' || raw.charAt(p) == '_')) {
          p++;
        }
        if (p > start && p < raw.length() && raw.charAt(p) == ':' && isAsciiLetter(raw.charAt(start))) {
          return true;
        }
      }
      return false;
    }

    /** The Thymeleaf attribute name without {@code th:} or {@code data-th-}, or null. */
    private static String thymeleafName(String lower) {
      if (lower.startsWith("th:")) {
        return lower.substring(3);
      }
      if (lower.startsWith("data-th-")) {
        return lower.substring(8);
      }
      return null;
    }

    private static boolean isEventHandler(String lower) {
      if (lower.length() < 3 || !lower.startsWith("on")) {
        return false;
      }
      for (int i = 2; i < lower.length(); i++) {
        if (lower.charAt(i) < 'a' || lower.charAt(i) > 'z') {
          return false;
        }
      }
      return true;
    }

    /** As a browser reads a URL's scheme: C0 controls and spaces trimmed, tabs and newlines removed. */
    private static boolean isJavaScriptUrl(String value) {
      StringBuilder scheme = new StringBuilder(11);
      int start = 0;
      while (start < value.length() && value.charAt(start) <= ' ') {
        start++;
      }
      for (int i = start; i < value.length() && scheme.length() < 11; i++) {
        char c = value.charAt(i);
        if (c == '\t' || c == '\n' || c == '\r') {
          continue;
        }
        scheme.append(Character.toLowerCase(c));
      }
      return scheme.toString().equals("javascript:");
    }

    private int after(int from, String token) {
      int index = from > n ? -1 : text.indexOf(token, from);
      return index < 0 ? n : index + token.length();
    }

    private int skipSpaces(int p) {
      while (p < n && isSpace(text.charAt(p))) {
        p++;
      }
      return p;
    }

    /** The 1-based line of an offset; LF, CR LF and a lone CR each end a line. */
    private int line(int offset) {
      if (lineStarts == null) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < n; i++) {
          char c = text.charAt(i);
          if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
            if (count == starts.length) {
              starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = i + 1;
          }
        }
        lineStarts = Arrays.copyOf(starts, count);
      }
      int index = Arrays.binarySearch(lineStarts, offset);
      return index >= 0 ? index + 1 : -index - 1;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Line breaks as the HTML parser delivers them (CR LF and CR become LF) and NUL as U+FFFD. */
  static String normalise(String raw) {
    if (raw.indexOf('\r') < 0 && raw.indexOf('\0') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\r') {
        out.append('\n');
        if (i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        out.append(c == '\0' ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /**
   * An attribute value as the browser hands it on: line breaks normalised and character references
   * decoded (numeric ones, and the named ones templates use in code: amp, lt, gt, quot, apos, nbsp,
   * plus the few below). An unknown named reference stays as written.
   */
  static String decode(String raw) {
    String value = normalise(raw);
    int amp = value.indexOf('&');
    if (amp < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    out.append(value, 0, amp);
    int i = amp;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int semicolon = value.indexOf(';', i + 1);
      if (semicolon < 0 || semicolon - i > 12) {
        out.append(c);
        i++;
        continue;
      }
      String reference = value.substring(i + 1, semicolon);
      String decoded = reference(reference);
      if (decoded == null) {
        out.append(c);
        i++;
      } else {
        out.append(decoded);
        i = semicolon + 1;
      }
    }
    return out.toString();
  }

  private static String reference(String name) {
    if (name.length() > 1 && name.charAt(0) == '#') {
      boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
      String digits = name.substring(hex ? 2 : 1);
      if (digits.isEmpty() || digits.length() > 8) {
        return null;
      }
      int codePoint = 0;
      for (int i = 0; i < digits.length(); i++) {
        int digit = Character.digit(digits.charAt(i), hex ? 16 : 10);
        if (digit < 0) {
          return null;
        }
        codePoint = codePoint * (hex ? 16 : 10) + digit;
      }
      if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return "\uFFFD";
      }
      return new String(Character.toChars(codePoint));
    }
    return switch (name) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos" -> "'";
      case "nbsp" -> "\u00A0";
      case "Tab" -> "\t";
      case "NewLine" -> "\n";
      case "lpar" -> "(";
      case "rpar" -> ")";
      case "semi" -> ";";
      case "colon" -> ":";
      case "comma" -> ",";
      case "period" -> ".";
      case "equals" -> "=";
      case "num" -> "#";
      case "excl" -> "!";
      case "lsqb", "lbrack" -> "[";
      case "rsqb", "rbrack" -> "]";
      case "lcub", "lbrace" -> "{";
      case "rcub", "rbrace" -> "}";
      default -> null;
    };
  }
}
