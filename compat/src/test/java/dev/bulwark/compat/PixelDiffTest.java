package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PixelDiffTest {

  private static BufferedImage filled(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    var g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  @Test
  void identicalImagesDifferByNothing() {
    assertThat(PixelDiff.percentDifferent(filled(10, 10, Color.WHITE), filled(10, 10, Color.WHITE), 0)).isZero();
  }

  @Test
  void countsTheShareOfChangedPixels() {
    BufferedImage changed = filled(10, 10, Color.WHITE);
    for (int x = 0; x < 10; x++) {
      changed.setRGB(x, 0, Color.RED.getRGB()); // one row of ten: 10 %
    }
    assertThat(PixelDiff.percentDifferent(filled(10, 10, Color.WHITE), changed, 0)).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void differencesWithinTheToleranceDoNotCount() {
    BufferedImage a = filled(4, 4, new Color(100, 100, 100));
    BufferedImage b = filled(4, 4, new Color(104, 100, 97));
    assertThat(PixelDiff.percentDifferent(a, b, 4)).isZero();
    assertThat(PixelDiff.percentDifferent(a, b, 3)).isEqualTo(100.0);
  }

  @Test
  void alphaCounts() {
    assertThat(PixelDiff.differs(0xff000000, 0x00000000, 10)).isTrue();
    assertThat(PixelDiff.differs(0x80102030, 0x80102030, 0)).isFalse();
  }

  @Test
  void areaOutsideTheSmallerImageCountsAsDifferent() {
    // 10x10 against 10x20: the lower half exists in one image only.
    assertThat(PixelDiff.percentDifferent(filled(10, 10, Color.WHITE), filled(10, 20, Color.WHITE), 0))
        .isCloseTo(50.0, within(1e-9));
  }

  @Test
  void readsPngBytes() throws IOException {
    BufferedImage changed = filled(8, 8, Color.BLUE);
    changed.setRGB(3, 3, Color.YELLOW.getRGB());
    assertThat(PixelDiff.percentDifferent(png(filled(8, 8, Color.BLUE)), png(changed), 0))
        .isCloseTo(100.0 / 64, within(1e-9));
  }

  @Test
  void rejectsWhatIsNotAnImage() {
    assertThatThrownBy(() -> PixelDiff.percentDifferent(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an image");
    assertThatThrownBy(() -> PixelDiff.percentDifferent(filled(1, 1, Color.WHITE), filled(1, 1, Color.WHITE), 256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
