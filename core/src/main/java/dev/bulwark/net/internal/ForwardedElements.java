package dev.bulwark.net.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Parses the RFC 7239 {@code Forwarded} header into its elements. */
public final class ForwardedElements {

  /** One element: the {@code for}, {@code proto} and {@code host} parameters, each maybe null. */
  public record Element(String forAddress, String proto, String host) {}

  private static final Element MALFORMED = new Element(null, null, null);

  private ForwardedElements() {}

  /**
   * Parses the header, keeping at most the last {@code maxElements} elements that name a {@code
   * for}, {@code proto} or {@code host} (or are malformed). Quoted strings may contain commas and
   * semicolons.
   *
   * <p>Elements are split from the right: each trusted proxy appends one well-formed element, and
   * only those are ever used, while everything left of them is whatever the client chose to send.
   * Splitting from the left let a client's unterminated quote swallow the elements the proxies
   * appended after it; from the right, a quote the client left open only spoils the client's own
   * part. An element whose quoted strings are malformed (unterminated, or followed by anything but
   * a separator) comes back with no parameters, as its content cannot be trusted.
   */
  public static List<Element> parse(String header, int maxElements) {
    List<Element> elements = new ArrayList<>();
    int end = header.length();
    boolean quoted = false;
    for (int i = end - 1; i >= -1 && elements.size() < maxElements; i--) {
      char c = i < 0 ? ',' : header.charAt(i);
      if (c == '"' && (!quoted || !escaped(header, i))) {
        quoted = !quoted;
      } else if (c == ',' && (!quoted || i < 0)) {
        // at the start of the header inside a quote: the client's part left a quote open
        Element element = quoted ? MALFORMED : element(header, i + 1, end);
        if (element != null) {
          elements.add(element);
        }
        end = i;
        quoted = false;
      }
    }
    Collections.reverse(elements);
    return elements;
  }

  /** Whether the quote at {@code at} is escaped by an odd number of backslashes before it. */
  private static boolean escaped(String s, int at) {
    int backslashes = 0;
    for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return (backslashes & 1) == 1;
  }

  /**
   * Parses the pairs of one element; returns {@code null} when it names none of the parameters
   * used, {@link #MALFORMED} when a quoted string in it is malformed.
   */
  private static Element element(String header, int from, int to) {
    String forAddress = null;
    String proto = null;
    String host = null;
    int i = from;
    while (i <= to) {
      int nameStart = i;
      while (i < to && header.charAt(i) != '=' && header.charAt(i) != ';') {
        i++;
      }
      String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
      String value = null;
      if (i < to && header.charAt(i) == '=') {
        i++;
        while (i < to && header.charAt(i) == ' ') {
          i++;
        }
        if (i < to && header.charAt(i) == '"') {
          StringBuilder quoted = new StringBuilder();
          i++;
          while (i < to && header.charAt(i) != '"') {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < to) {
              c = header.charAt(++i);
            }
            quoted.append(c);
            i++;
          }
          if (i >= to) {
            return MALFORMED;
          }
          i++;
          value = quoted.toString();
          while (i < to && header.charAt(i) == ' ') {
            i++;
          }
          if (i < to && header.charAt(i) != ';') {
            return MALFORMED;
          }
        } else {
          int valueStart = i;
          while (i < to && header.charAt(i) != ';') {
            i++;
          }
          value = header.substring(valueStart, i).trim();
        }
      }
      if (value != null) {
        switch (name) {
          case "for" -> forAddress = value;
          case "proto" -> proto = value;
          case "host" -> host = value;
          default -> {}
        }
      }
      i++;
    }
    return forAddress == null && proto == null && host == null ? null : new Element(forAddress, proto, host);
  }
}
