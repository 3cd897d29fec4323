package dev.bulwark.compat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The share of pixels that differ between two screenshots. Two pixels differ when any of their red,
 * green, blue or alpha channels differs by more than the tolerance. Where the images differ in size,
 * every pixel outside their common area counts as differing, so a page that grew or shrank is not
 * reported as identical.
 */
public final class PixelDiff {

  private PixelDiff() {}

  /** Percentage (0 to 100) of differing pixels over the larger width times the larger height. */
  public static double percentDifferent(BufferedImage a, BufferedImage b, int tolerance) {
    if (tolerance < 0 || tolerance > 255) {
      throw new IllegalArgumentException("tolerance: 0 to 255, not " + tolerance);
    }
    int width = Math.max(a.getWidth(), b.getWidth());
    int height = Math.max(a.getHeight(), b.getHeight());
    long total = (long) width * height;
    if (total == 0) {
      return 0.0;
    }
    int commonWidth = Math.min(a.getWidth(), b.getWidth());
    int commonHeight = Math.min(a.getHeight(), b.getHeight());
    long differing = total - (long) commonWidth * commonHeight;
    for (int y = 0; y < commonHeight; y++) {
      for (int x = 0; x < commonWidth; x++) {
        if (differs(a.getRGB(x, y), b.getRGB(x, y), tolerance)) {
          differing++;
        }
      }
    }
    return 100.0 * differing / total;
  }

  /** Same as {@link #percentDifferent(BufferedImage, BufferedImage, int)} for two PNG (or other ImageIO) files' bytes. */
  public static double percentDifferent(byte[] a, byte[] b, int tolerance) {
    return percentDifferent(read(a), read(b), tolerance);
  }

  static boolean differs(int argb1, int argb2, int tolerance) {
    for (int shift = 0; shift <= 24; shift += 8) {
      int c1 = (argb1 >>> shift) & 0xff;
      int c2 = (argb2 >>> shift) & 0xff;
      if (Math.abs(c1 - c2) > tolerance) {
        return true;
      }
    }
    return false;
  }

  private static BufferedImage read(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new IllegalArgumentException("not an image ImageIO can read (" + bytes.length + " bytes)");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
