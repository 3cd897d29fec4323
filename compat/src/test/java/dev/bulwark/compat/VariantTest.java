package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariantTest {

  private static final Path DIR = Path.of("variants");

  @Test
  void builtIns() {
    assertThat(Variant.parse("bare", DIR)).isEqualTo(new Variant("bare", false, Optional.empty()));
    assertThat(Variant.parse("default", DIR)).isEqualTo(new Variant("default", true, Optional.empty()));
    assertThat(Variant.parse("observe", DIR))
        .isEqualTo(new Variant("observe", true, Optional.of(DIR.resolve("observe.properties"))));
    assertThat(Variant.parse("enforce=/tmp/strict.properties", DIR))
        .isEqualTo(new Variant("enforce", true, Optional.of(Path.of("/tmp/strict.properties"))));
  }

  @Test
  void customVariants() {
    assertThat(Variant.parse("csp-off:on:/tmp/x.properties", DIR))
        .isEqualTo(new Variant("csp-off", true, Optional.of(Path.of("/tmp/x.properties"))));
    assertThat(Variant.parse("plain:off", DIR)).isEqualTo(new Variant("plain", false, Optional.empty()));
  }

  @Test
  void rejectsWhatItCannotRun() {
    assertThatThrownBy(() -> Variant.parse("enforce", DIR)).hasMessageContaining("enforce=FILE");
    assertThatThrownBy(() -> Variant.parse("enforce=", DIR)).hasMessageContaining("enforce=FILE");
    assertThatThrownBy(() -> Variant.parse("x:maybe", DIR)).hasMessageContaining("'on' or 'off'");
    assertThatThrownBy(() -> Variant.parse("lonely", DIR)).hasMessageContaining("NAME:on|off");
    assertThatThrownBy(() -> Variant.parse("../up:on", DIR)).hasMessageContaining("letters, digits");
  }

  @Test
  void describesItself() {
    assertThat(Variant.bare().describe()).isEqualTo("no Bulwark");
    assertThat(Variant.parse("default", DIR).describe()).isEqualTo("starter, no properties");
    assertThat(Variant.parse("observe", DIR).describe()).isEqualTo("starter + observe.properties");
  }
}
