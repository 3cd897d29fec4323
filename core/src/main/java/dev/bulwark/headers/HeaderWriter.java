package dev.bulwark.headers;

/** Where a {@link HeaderPolicy} writes: a response, as seen by an integration. */
public interface HeaderWriter {

  /** Returns whether the response already has the header (any value). */
  boolean contains(String name);

  /** Sets the header, replacing every earlier value. */
  void set(String name, String value);

  /** Adds a value to the header, keeping earlier ones (for list headers such as {@code Vary}). */
  void add(String name, String value);
}
