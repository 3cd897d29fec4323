package dev.bulwark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyClosureParseTest {

  // Shaped like maven-dependency-plugin's trees of one module: the plain tree keeps spring-core
  // under the optional security jar; only the verbose one shows that spring-boot, which users do get,
  // needs it too.
  private static final List<String> VERBOSE =
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
  private static final List<String> PLAIN =
      List.of(
          "dev.bulwark:bulwark-x:jar:1.0",
          "+- org.springframework.boot:spring-boot:jar:4.0.7:compile",
          "+- org.springframework.security:spring-security-web:jar:7.0.6:compile (optional)",
          "|  +- org.springframework:spring-core:jar:7.0.8:compile",
          "|  |  \\- commons-logging:commons-logging:jar:1.3.6:compile",
          "|  \\- org.springframework:spring-web:jar:7.0.8:compile (optional)",
          "\\- io.micrometer:micrometer-core:jar:1.16.6:compile",
          "   \\- org.hdrhistogram:HdrHistogram:jar:2.2.2:runtime",
          "      \\- org.example:under-runtime:jar:1.0:compile");

  @Test
  void aJarKeptUnderAnOptionalDependencyCountsWhenAnotherPathBringsIt() {
    assertThat(DependencyClosure.fromTrees(VERBOSE, PLAIN))
        .containsExactly(
            "commons-logging:commons-logging:compile",
            "io.micrometer:micrometer-core:compile",
            "org.example:under-runtime:runtime",
            "org.hdrhistogram:HdrHistogram:runtime",
            "org.springframework.boot:spring-boot:compile",
            "org.springframework:spring-core:compile");
  }

  @Test
  void theDependenciesOfAJarTheVerboseTreeOnlyOmitsComeFromThePlainTree() {
    List<String> verbose =
        List.of(
            "dev.bulwark:bulwark-x:jar:1.0",
            "\\- dev.bulwark:bulwark-core:jar:1.0:compile",
            "   \\- (com.github.ben-manes.caffeine:caffeine:jar:3.2.4:compile - omitted for duplicate)");
    List<String> plain =
        List.of(
            "dev.bulwark:bulwark-x:jar:1.0",
            "\\- dev.bulwark:bulwark-core:jar:1.0:compile",
            "   \\- com.github.ben-manes.caffeine:caffeine:jar:3.2.4:compile",
            "      \\- com.google.errorprone:error_prone_annotations:jar:2.49.0:compile");

    assertThat(DependencyClosure.fromTrees(verbose, plain))
        .containsExactly(
            "com.github.ben-manes.caffeine:caffeine:compile",
            "com.google.errorprone:error_prone_annotations:compile",
            "dev.bulwark:bulwark-core:compile");
  }
}
