package dev.bulwark.net.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the RFC 7239 {@code Forwarded} header into its elements. */
public final class ForwardedElements {

  /** One element: the {@code for}, {@code proto} and {@code host} parameters, each maybe null. */
  public record Element(String forAddress, String proto, String host) {}

  private ForwardedElements() {}

  /**
   * Parses the header, keeping at most the last {@code maxElements} elements. Malformed pairs are
   * skipped; quoted strings may contain commas and semicolons. An element with a malformed quoted
   * string (unterminated, or followed by anything but a separator) comes back with no parameters:
   * its boundaries cannot be trusted, since a quote opened by a client can swallow the element a
   * proxy appended after it.
   */
  public static List<Element> parse(String header, int maxElements) {
    List<Element> elements = new ArrayList<>();
    String forAddress = null;
    String proto = null;
    String host = null;
    boolean malformed = false;
    int i = 0;
    int n = header.length();
    while (i <= n) {
      // one pair: name=value
      int nameStart = i;
      while (i < n && header.charAt(i) != '=' && header.charAt(i) != ',' && header.charAt(i) != ';') {
        i++;
      }
      String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
      String value = null;
      if (i < n && header.charAt(i) == '=') {
        i++;
        while (i < n && header.charAt(i) == ' ') {
          i++;
        }
        if (i < n && header.charAt(i) == '"') {
          StringBuilder quoted = new StringBuilder();
          i++;
          while (i < n && header.charAt(i) != '"') {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < n) {
              c = header.charAt(++i);
            }
            quoted.append(c);
            i++;
          }
          malformed |= i >= n;
          i++;
          value = quoted.toString();
          while (i < n && header.charAt(i) == ' ') {
            i++;
          }
          malformed |= i < n && header.charAt(i) != ',' && header.charAt(i) != ';';
          while (i < n && header.charAt(i) != ',' && header.charAt(i) != ';') {
            i++;
          }
        } else {
          int valueStart = i;
          while (i < n && header.charAt(i) != ',' && header.charAt(i) != ';') {
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
      char separator = i < n ? header.charAt(i) : ',';
      i++;
      if (separator == ',') {
        if (malformed || forAddress != null || proto != null || host != null) {
          elements.add(malformed ? new Element(null, null, null) : new Element(forAddress, proto, host));
          if (elements.size() > maxElements) {
            elements.remove(0);
          }
        }
        forAddress = null;
        proto = null;
        host = null;
        malformed = false;
      }
    }
    return elements;
  }
}
