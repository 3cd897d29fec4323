package dev.bulwark.limits;

import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Judges a request's {@code Content-Type} before anything else reads it. Containers and frameworks
 * parse this header lazily and throw when they meet a charset the JVM does not know or a wildcard
 * (Jetty on {@code charset=UTF-7}, Spring on {@code *}{@code /*}), which would turn one header into
 * a 500 on any endpoint; judged here first, such a request gets a 400 or 415 instead.
 *
 * <p>The grammar is RFC 9110's {@code media-type}: {@code type "/" subtype *( OWS ";" OWS
 * parameter )}, tokens and quoted strings, no wildcards (a body has one concrete type). A JSON
 * body may only be UTF-8 (RFC 8259), so a JSON type declaring another charset is refused before a
 * byte is decoded, and the UTF-8 check on JSON bodies cannot be skipped by declaring ISO-8859-1.
 * Thread-safe and allocation-free for the common shapes.
 */
public final class ContentTypes {

  /** Longer than any real media type; a longer header is refused rather than parsed. */
  static final int MAX_LENGTH = 256;

  /** IANA charset names are at most 40 characters. */
  private static final int MAX_CHARSET_LENGTH = 40;

  private ContentTypes() {}

  /**
   * Returns the problem a {@code Content-Type} value breaks, or {@code null} when it is acceptable
   * (or absent). Never echoes the value.
   */
  public static Problem check(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    if (length > MAX_LENGTH) {
      return Problems.malformedContentType();
    }
    int i = skipSpace(value, 0, length);
    int typeEnd = skipToken(value, i, length);
    if (typeEnd == i || typeEnd >= length || value.charAt(typeEnd) != '/') {
      return Problems.malformedContentType();
    }
    int subtypeStart = typeEnd + 1;
    int subtypeEnd = skipToken(value, subtypeStart, length);
    if (subtypeEnd == subtypeStart || isWildcard(value, i, typeEnd) || isWildcard(value, subtypeStart, subtypeEnd)) {
      return Problems.malformedContentType();
    }
    boolean json = isJson(value, i, typeEnd, subtypeStart, subtypeEnd);
    // RFC 2046: a multipart body is unreadable without its boundary; parsers throw on one without.
    boolean multipart = typeEnd - i == 9 && value.regionMatches(true, i, "multipart", 0, 9);
    boolean boundary = false;
    i = skipSpace(value, subtypeEnd, length);
    while (i < length) {
      if (value.charAt(i) != ';') {
        return Problems.malformedContentType();
      }
      i = skipSpace(value, i + 1, length);
      if (i == length) {
        // A trailing ";" is tolerated, as browsers and most parsers do.
        break;
      }
      int nameStart = i;
      int nameEnd = skipToken(value, nameStart, length);
      if (nameEnd == nameStart || nameEnd >= length || value.charAt(nameEnd) != '=') {
        return Problems.malformedContentType();
      }
      int valueStart = nameEnd + 1;
      int valueEnd = endOfParameterValue(value, valueStart, length);
      if (valueEnd < 0) {
        return Problems.malformedContentType();
      }
      String parameterValue = value.charAt(valueStart) == '"' ? unquote(value, valueStart + 1, valueEnd - 1) : null;
      if (nameEnd - nameStart == 8 && value.regionMatches(true, nameStart, "boundary", 0, 8)) {
        boundary = valueEnd - valueStart > (parameterValue != null ? 2 : 0);
      }
      if (nameEnd - nameStart == 7 && value.regionMatches(true, nameStart, "charset", 0, 7)) {
        // The common case, a bare utf-8, is judged in place: no substring on the request path.
        boolean utf8 = parameterValue == null && isUtf8(value, valueStart, valueEnd);
        Problem problem =
            utf8 ? null : checkCharset(parameterValue != null ? parameterValue : value.substring(valueStart, valueEnd), json);
        if (problem != null) {
          return problem;
        }
      }
      i = skipSpace(value, valueEnd, length);
    }
    return multipart && !boundary ? Problems.malformedContentType() : null;
  }

  /**
   * Returns the problem an {@code Accept} value breaks, or {@code null}: a list of media ranges
   * ({@code type/subtype}, {@code type/*} or {@code *}{@code /*}, with parameters), as RFC 9110 has
   * it. Frameworks parse it to choose a representation and throw on a malformed one (Spring on
   * {@code Accept: ,}), so a 400 here keeps that from becoming a 500; and since JSON is UTF-8, a
   * JSON range asking for another charset is refused with 406 before a handler runs.
   */
  public static Problem checkAccept(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    if (length > 4 * MAX_LENGTH) {
      return Problems.malformedAccept();
    }
    int i = 0;
    while (true) {
      i = skipSpace(value, i, length);
      int typeStart = i;
      int typeEnd = skipToken(value, typeStart, length);
      if (typeEnd == typeStart) {
        return Problems.malformedAccept();
      }
      int subtypeStart;
      int subtypeEnd;
      if (typeEnd - typeStart == 1 && value.charAt(typeStart) == '*' && (typeEnd >= length || value.charAt(typeEnd) != '/')) {
        // A lone "*", which Java's HttpURLConnection sends and frameworks read as "*/*".
        subtypeStart = typeEnd;
        subtypeEnd = typeEnd;
      } else {
        if (typeEnd >= length || value.charAt(typeEnd) != '/') {
          return Problems.malformedAccept();
        }
        subtypeStart = typeEnd + 1;
        subtypeEnd = skipToken(value, subtypeStart, length);
        if (subtypeEnd == subtypeStart) {
          return Problems.malformedAccept();
        }
      }
      boolean json = isJson(value, typeStart, typeEnd, subtypeStart, subtypeEnd);
      i = skipSpace(value, subtypeEnd, length);
      while (i < length && value.charAt(i) == ';') {
        i = skipSpace(value, i + 1, length);
        int nameStart = i;
        int nameEnd = skipToken(value, nameStart, length);
        if (nameEnd == nameStart || nameEnd >= length || value.charAt(nameEnd) != '=') {
          return Problems.malformedAccept();
        }
        int valueStart = nameEnd + 1;
        int valueEnd = endOfParameterValue(value, valueStart, length);
        if (valueEnd < 0) {
          return Problems.malformedAccept();
        }
        if (nameEnd - nameStart == 1 && (value.charAt(nameStart) == 'q' || value.charAt(nameStart) == 'Q')
            && !isQuality(value, valueStart, valueEnd)) {
          return Problems.malformedAccept();
        }
        if (json
            && nameEnd - nameStart == 7
            && value.regionMatches(true, nameStart, "charset", 0, 7)
            && !isUtf8(value, valueStart, valueEnd)
            && !(valueEnd - valueStart == 7 && value.charAt(valueStart) == '"' && isUtf8(value, valueStart + 1, valueEnd - 1))) {
          return Problems.jsonOnlyInUtf8();
        }
        i = skipSpace(value, valueEnd, length);
      }
      if (i == length) {
        return null;
      }
      if (value.charAt(i) != ',') {
        return Problems.malformedAccept();
      }
      i++;
    }
  }

  /**
   * A weight: RFC 9110's {@code qvalue}, read as leniently as the frameworks do ({@code .2}, as
   * Java's own HTTP client sends), but a number from 0 to 1.
   */
  private static boolean isQuality(String value, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 6) {
      return false;
    }
    boolean digit = false;
    boolean dot = false;
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        return false;
      }
    }
    return digit && Double.parseDouble(value.substring(from, to)) <= 1.0;
  }

  /** Returns whether a {@code Content-Type} value declares JSON ({@code application/json} or {@code +json}). */
  public static boolean isJson(String value) {
    if (value == null) {
      return false;
    }
    int length = value.length();
    int start = skipSpace(value, 0, length);
    int typeEnd = skipToken(value, start, length);
    if (typeEnd >= length || value.charAt(typeEnd) != '/') {
      return false;
    }
    return isJson(value, start, typeEnd, typeEnd + 1, skipToken(value, typeEnd + 1, length));
  }

  private static boolean isUtf8(String value, int from, int to) {
    int length = to - from;
    return length == 5 && value.regionMatches(true, from, "utf-8", 0, 5) || length == 4 && value.regionMatches(true, from, "utf8", 0, 4);
  }

  private static Problem checkCharset(String charset, boolean json) {
    if (json) {
      // RFC 8259: JSON exchanged between systems is UTF-8; a declared "utf8" is common enough to allow.
      return charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8") ? null : Problems.jsonNotUtf8();
    }
    if (charset.isEmpty() || charset.length() > MAX_CHARSET_LENGTH) {
      return Problems.unsupportedCharset();
    }
    try {
      return Charset.isSupported(charset) ? null : Problems.unsupportedCharset();
    } catch (IllegalCharsetNameException e) {
      return Problems.unsupportedCharset();
    }
  }

  private static boolean isJson(String value, int typeStart, int typeEnd, int subtypeStart, int subtypeEnd) {
    if (typeEnd - typeStart != 11 || !value.regionMatches(true, typeStart, "application", 0, 11)) {
      return false;
    }
    int subtype = subtypeEnd - subtypeStart;
    return (subtype == 4 && value.regionMatches(true, subtypeStart, "json", 0, 4))
        || (subtype > 5 && value.regionMatches(true, subtypeEnd - 5, "+json", 0, 5));
  }

  private static boolean isWildcard(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (value.charAt(i) == '*') {
        return true;
      }
    }
    return false;
  }

  private static int skipSpace(String value, int i, int length) {
    while (i < length && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int skipToken(String value, int i, int length) {
    while (i < length && isTokenChar(value.charAt(i))) {
      i++;
    }
    return i;
  }

  /** RFC 9110 {@code tchar}. */
  private static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Returns the end of a parameter's value (a token or a quoted string) that starts at {@code
   * from}, or -1 when there is none or it is not terminated.
   */
  private static int endOfParameterValue(String value, int from, int length) {
    if (from < length && value.charAt(from) == '"') {
      return endOfQuoted(value, from, length);
    }
    int end = skipToken(value, from, length);
    return end == from ? -1 : end;
  }

  /** Returns the index just past the closing quote, or -1 when the string is not terminated or holds a control character. */
  private static int endOfQuoted(String value, int quote, int length) {
    for (int i = quote + 1; i < length; i++) {
      char c = value.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++;
        if (i >= length) {
          return -1;
        }
        c = value.charAt(i);
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return -1;
      }
    }
    return -1;
  }

  private static String unquote(String value, int from, int to) {
    if (value.indexOf('\\', from) < 0 || value.indexOf('\\', from) >= to) {
      return value.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < to) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
