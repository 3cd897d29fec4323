package dev.bulwark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyClosureParseTest {

  // Shaped like maven-dependency-plugin's verbose tree: spring-core is kept under the optional
  // security jar, and only an omitted duplicate shows that spring-boot, which users do get, needs it.
  private static final List<String> TREE =
      List.of(
          "dev.bulwark:bulwark-x:jar:1.0",
          "+- org.springframework.boot:spring-boot:jar:4.0.7:compile",
          "|  \\- (org.springframework:spring-core:jar:7.0.8:compile - version managed from 7.0.8; omitted for duplicate)",
          "+- org.springframework.security:spring-security-web:jar:7.0.6:compile",
          "|  +- org.springframework:spring-core:jar:7.0.8:compile (version managed from 7.0.8; scope not updated to compile)",
          "|  |  \\- commons-logging:commons-logging:jar:1.3.6:compile (version managed from 1.3.5)",
          "|  \\- org.springframework:spring-web:jar:7.0.8:compile",
          "\\- io.micrometer:micrometer-core:jar:1.16.6:compile",
          "   \\- org.hdrhistogram:HdrHistogram:jar:2.2.2:runtime",
          "      \\- org.example:under-runtime:jar:1.0:compile");

  @Test
  void aJarKeptUnderAnOptionalDependencyCountsWhenAnotherPathBringsIt() {
    List<String> closure = DependencyClosure.fromTree(TREE, Set.of("org.springframework.security:spring-security-web"));

    assertThat(closure)
        .containsExactly(
            "commons-logging:commons-logging:compile",
            "io.micrometer:micrometer-core:compile",
            "org.example:under-runtime:runtime",
            "org.hdrhistogram:HdrHistogram:runtime",
            "org.springframework.boot:spring-boot:compile",
            "org.springframework:spring-core:compile");
  }

  @Test
  void everythingUnderOnlyOptionalDependenciesIsLeftOut() {
    List<String> closure =
        DependencyClosure.fromTree(TREE, Set.of("org.springframework.boot:spring-boot", "org.springframework.security:spring-security-web"));

    assertThat(closure)
        .containsExactly("io.micrometer:micrometer-core:compile", "org.example:under-runtime:runtime", "org.hdrhistogram:HdrHistogram:runtime");
  }
}
