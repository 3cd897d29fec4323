package dev.bulwark.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a fuzzer's input as text fields, one per line, so that seed files stay readable and can be
 * written by hand. The bytes are decoded as UTF-8 (malformed sequences become U+FFFD), which still
 * lets the fuzzer reach every character a Java string can hold outside lone surrogates.
 */
public final class FuzzFields {

  /** A field with exactly this text stands for {@code null}, such as an absent header. */
  public static final String NULL = "(null)";

  private final String[] fields;

  private FuzzFields(String[] fields) {
    this.fields = fields;
  }

  /** Splits the input at line feeds; the input is never empty of fields (an empty input has one, empty). */
  public static FuzzFields of(byte[] data) {
    return new FuzzFields(new String(data, StandardCharsets.UTF_8).split("\n", -1));
  }

  /** Returns the whole input as one string (line feeds included). */
  public static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Returns the number of fields. */
  public int size() {
    return fields.length;
  }

  /** Returns a field, or {@code ""} when the input has fewer fields. */
  public String get(int index) {
    return index < fields.length ? fields[index] : "";
  }

  /** Returns a field, or {@code null} when it is missing or reads {@value #NULL}. */
  public String nullable(int index) {
    if (index >= fields.length || fields[index].equals(NULL)) {
      return null;
    }
    return fields[index];
  }

  /** Returns whether a field starts with {@code t}, {@code y} or {@code 1}. */
  public boolean flag(int index) {
    String value = get(index);
    return !value.isEmpty() && (value.charAt(0) == 't' || value.charAt(0) == 'y' || value.charAt(0) == '1');
  }

  /** Returns a field split at commas (keeping empty parts), or an empty list when it is empty. */
  public List<String> list(int index) {
    String value = get(index);
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(",", -1));
  }

  /** Returns a field split at commas, or {@code null} when it reads {@value #NULL} or is missing. */
  public List<String> nullableList(int index) {
    return nullable(index) == null ? null : list(index);
  }

  /** Returns every field from an index on. */
  public List<String> from(int index) {
    List<String> out = new ArrayList<>();
    for (int i = index; i < fields.length; i++) {
      out.add(fields[i]);
    }
    return out;
  }

  /** Returns a field as an int, or {@code null} when it is not one (the test then uses the default). */
  public Integer integer(int index) {
    try {
      return Integer.valueOf(get(index).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
