package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the README's table of findings in step with the catalogue. */
class KnownFindingReadmeTest {

  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\| (high|medium|low) \\| (.+) \\| (.+) \\|$");

  @Test
  void everyFindingIsDocumentedWithItsSeverityAndFix() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(readme);
    while (row.find()) {
      KnownFinding known = KnownFinding.byId(row.group(1)).orElse(null);
      assertThat(known).as("README row for an unknown finding %s", row.group(1)).isNotNull();
      assertThat(row.group(2)).as("severity of %s", known.id()).isEqualTo(known.severity().label());
      assertThat(row.group(3).replace("\\|", "|")).as("meaning of %s", known.id()).isEqualTo(known.summary());
      assertThat(row.group(4).replace("\\|", "|")).as("fix of %s", known.id()).isEqualTo(known.fix());
      documented.add(row.group(1));
    }
    assertThat(documented)
        .isEqualTo(Arrays.stream(KnownFinding.values()).map(KnownFinding::id).collect(Collectors.toCollection(TreeSet::new)));
  }
}
