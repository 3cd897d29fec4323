package dev.bulwark.benchmarks;

import dev.bulwark.headers.HeaderWriter;

/**
 * A {@link HeaderWriter} backed by two preallocated arrays, reset before every invocation, so that
 * the sink itself allocates nothing and costs next to nothing: whatever a benchmark measures
 * through it is the header policy's own work.
 *
 * <p>{@link #set} appends without looking for an earlier value of the same name: {@code
 * HeaderPolicy.apply} never sets one header twice, and {@link #check} verifies that once in
 * set-up. {@link #contains} is a case-insensitive scan, as a servlet response's would be.
 */
final class ArrayHeaderWriter implements HeaderWriter {

  private final String[] names;
  private final String[] values;
  private int size;

  ArrayHeaderWriter(int capacity) {
    this.names = new String[capacity];
    this.values = new String[capacity];
  }

  /** Forgets every header; the arrays are reused. */
  void reset() {
    size = 0;
  }

  @Override
  public boolean contains(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void set(String name, String value) {
    names[size] = name;
    values[size] = value;
    size++;
  }

  @Override
  public void add(String name, String value) {
    set(name, value);
  }

  /** Returns the value of a header, or {@code null}. */
  String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  int size() {
    return size;
  }

  /** Fails if a header was set twice, which would make {@link #set}'s append wrong. */
  void check() {
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) {
        if (names[i].equalsIgnoreCase(names[j])) {
          throw new IllegalStateException("header set twice: " + names[i]);
        }
      }
    }
  }
}
