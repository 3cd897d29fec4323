package dev.bulwark.internal;

/**
 * Checks bytes for well-formed UTF-8 as they stream (Unicode 15, table 3-7): no overlong forms
 * ({@code C0 AF} for {@code /}), no UTF-16 surrogates, nothing past U+10FFFF, no stray
 * continuation bytes, no sequence cut short. JSON parsers decode such bytes leniently, so an
 * overlong {@code /} or {@code <} would otherwise arrive as the character. One instance per
 * stream; not thread-safe; no allocation.
 */
public final class Utf8Validator {

  private int remaining;
  private int lower = 0x80;
  private int upper = 0xBF;
  private boolean failed;

  /** Takes the next bytes; returns {@code false} once the stream is not UTF-8. */
  public boolean accept(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end && !failed; i++) {
      byte b = bytes[i];
      if (b >= 0 && remaining == 0) {
        continue;
      }
      step(b & 0xFF);
    }
    return !failed;
  }

  /** Takes the next byte; returns {@code false} once the stream is not UTF-8. */
  public boolean accept(int b) {
    if (!failed) {
      step(b & 0xFF);
    }
    return !failed;
  }

  /** Returns whether the bytes so far end on a character boundary and were all well-formed. */
  public boolean complete() {
    return !failed && remaining == 0;
  }

  private void step(int b) {
    if (remaining > 0) {
      if (b < lower || b > upper) {
        failed = true;
        return;
      }
      remaining--;
      lower = 0x80;
      upper = 0xBF;
      return;
    }
    if (b < 0x80) {
      return;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      expect(1, 0x80, 0xBF);
    } else if (b == 0xE0) {
      expect(2, 0xA0, 0xBF);
    } else if (b == 0xED) {
      expect(2, 0x80, 0x9F);
    } else if (b >= 0xE1 && b <= 0xEF) {
      expect(2, 0x80, 0xBF);
    } else if (b == 0xF0) {
      expect(3, 0x90, 0xBF);
    } else if (b >= 0xF1 && b <= 0xF3) {
      expect(3, 0x80, 0xBF);
    } else if (b == 0xF4) {
      expect(3, 0x80, 0x8F);
    } else {
      failed = true;
    }
  }

  private void expect(int count, int first, int last) {
    remaining = count;
    lower = first;
    upper = last;
  }
}
