package dev.bulwark.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The XSS corpus in {@code xss-vectors.txt}; its header describes the format. */
final class XssVectors {

  /** One vector: where it is in the file, its family, and its text with escapes decoded. */
  record Vector(int line, String family, String text) {

    /**
     * Whether a browser hands this text back unchanged wherever it lands as data. Carriage returns
     * (HTML normalises them to line feeds), other controls, noncharacters and lone surrogate halves
     * (which encoders and UTF-8 replace) do not; the test still renders those, it only skips
     * comparing what came back.
     */
    boolean roundTrips() {
      String s = text;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = s.codePointAt(i);
          if ((cp & 0xfffe) == 0xfffe) {
            return false;
          }
          i++;
          continue;
        }
        boolean ok =
            c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7f)
                || (c >= 0xa0 && !Character.isSurrogate(c) && !(c >= 0xfdd0 && c <= 0xfdef) && c != 0xfffe && c != 0xffff);
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    /** The text with every character outside printable ASCII written as {U+XXXX}, for messages. */
    String printable() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
          out.append(c);
        } else {
          out.append(String.format("{U+%04X}", (int) c));
        }
      }
      return out.toString();
    }

    @Override
    public String toString() {
      return "line " + line + " [" + family + "] " + printable();
    }
  }

  static final String RESOURCE = "/xss-vectors.txt";

  private static final Pattern ESCAPE = Pattern.compile("\\{U\\+([0-9A-Fa-f]{4,6})}");
  private static final Pattern FAMILY = Pattern.compile("# == (.+) ==");

  private XssVectors() {}

  /** Reads the corpus from the test class path. */
  static List<Vector> load() {
    try (InputStream in = XssVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Vector> vectors = new ArrayList<>();
      String family = "(none)";
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        Matcher header = FAMILY.matcher(line);
        if (header.matches()) {
          family = header.group(1);
        } else if (!line.isEmpty() && !line.startsWith("#")) {
          vectors.add(new Vector(number, family, decode(line)));
        }
      }
      return List.copyOf(vectors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces each {U+XXXX} (one UTF-16 unit) or {U+XXXXX} (one code point) by its character(s). */
  static String decode(String line) {
    Matcher m = ESCAPE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String hex = m.group(1);
      int value = Integer.parseInt(hex, 16);
      String replacement = hex.length() == 4 ? String.valueOf((char) value) : new String(Character.toChars(value));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
