package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PomEditorTest {

  private static final String POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <dependencyManagement>
          <dependencies>
            <dependency><groupId>x</groupId><artifactId>managed</artifactId><version>1</version></dependency>
          </dependencies>
        </dependencyManagement>
        <dependencies>
          <!-- the web starter -->
          <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-webmvc</artifactId>
          </dependency>
        </dependencies>
        <profiles><profile><dependencies/></profile></profiles>
      </project>
      """;

  private static String add(String pom) {
    return PomEditor.addDependency(pom, "dev.bulwark", "bulwark-spring-boot-starter", "0.1.0-SNAPSHOT");
  }

  @Test
  void addsToTheProjectsOwnDependenciesAfterTheExistingOnes() {
    String edited = add(POM);
    String own = edited.substring(edited.indexOf("</dependencyManagement>"), edited.indexOf("<profiles>"));
    assertThat(own).containsSubsequence("spring-boot-starter-webmvc", "<groupId>dev.bulwark</groupId>",
        "<artifactId>bulwark-spring-boot-starter</artifactId>", "<version>0.1.0-SNAPSHOT</version>", "</dependencies>");
    assertThat(edited).contains("<!-- the web starter -->"); // the rest of the pom is kept
    assertThat(edited.split("bulwark-spring-boot-starter", -1)).hasSize(2); // once, not in management or profiles
    assertThat(edited).doesNotContain("xmlns=\"\""); // the new elements are in the pom's namespace
  }

  @Test
  void createsDependenciesWhenThereAreNone() {
    String edited = add("<project><modelVersion>4.0.0</modelVersion></project>");
    assertThat(edited).containsSubsequence("<dependencies>", "<dependency>", "bulwark-spring-boot-starter", "</dependencies>");
  }

  @Test
  void aPomThatHasTheStarterIsLeftAsItIs() {
    String once = add(POM);
    assertThat(add(once)).isEqualTo(once);
  }

  @Test
  void rejectsWhatIsNotAPom() {
    assertThatThrownBy(() -> add("<settings/>")).hasMessageContaining("not a Maven pom");
    assertThatThrownBy(() -> add("<project>")).hasMessageContaining("does not parse");
  }
}
