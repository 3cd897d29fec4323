package dev.bulwark.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small, strict RFC 8259 reader for bodies Bulwark receives from anyone (CSP violation reports):
 * maps become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code BigDecimal}, and
 * {@code true}, {@code false}, {@code null} their Java values. Nesting is bounded, so hostile input
 * cannot exhaust the stack; anything that is not JSON throws {@link IllegalArgumentException}.
 */
public final class JsonReader {

  private static final int MAX_DEPTH = 16;
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final String text;
  private int at;

  private JsonReader(String text) {
    this.text = text;
  }

  /** Reads one JSON value that makes up the whole text. */
  public static Object read(String text) {
    JsonReader reader = new JsonReader(text);
    Object value = reader.value(0);
    reader.blanks();
    if (reader.at != text.length()) {
      throw reader.error("text after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested too deep");
    }
    blanks();
    if (at >= text.length()) {
      throw error("a value is missing");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> members = new LinkedHashMap<>();
    at++;
    blanks();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      blanks();
      if (peek() != '"') {
        throw error("a member name is missing");
      }
      String name = string();
      blanks();
      expect(':');
      members.put(name, value(depth + 1));
      blanks();
      char next = next();
      if (next == '}') {
        return members;
      }
      if (next != ',') {
        throw error("',' or '}' expected");
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> items = new ArrayList<>();
    at++;
    blanks();
    if (peek() == ']') {
      at++;
      return items;
    }
    while (true) {
      items.add(value(depth + 1));
      blanks();
      char next = next();
      if (next == ']') {
        return items;
      }
      if (next != ',') {
        throw error("',' or ']' expected");
      }
    }
  }

  private String string() {
    at++;
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("a short \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            char hex = text.charAt(at++);
            int digit = hex < 128 ? Character.digit(hex, 16) : -1;
            if (digit < 0) {
              throw error("a bad \\u escape");
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
        }
        default -> throw error("a bad escape");
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("a bad literal");
    }
    at += word.length();
    return value;
  }

  private BigDecimal number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("an unexpected character");
    }
    String number = text.substring(start, at);
    if (number.length() > 64 || !NUMBER.matcher(number).matches()) {
      throw error("a bad number");
    }
    return new BigDecimal(number);
  }

  private void blanks() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("'" + c + "' expected");
    }
  }

  private IllegalArgumentException error(String what) {
    // The position only: the text is the client's.
    return new IllegalArgumentException("not JSON at offset " + at + ": " + what);
  }
}
