package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.observability.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The servlet inventory the drop-in logs at the example's start-up: the notes API under path rule
 * 0, the pages it serves without a rule, the container's and Bulwark's own servlets marked so.
 */
class NotesServerInventoryTest {

  @Test
  void theInventoryListsTheApiUnderRuleZeroAndThePages() throws Exception {
    String text;
    try (LogCapture logs = LogCapture.start();
        NotesServer server = NotesServer.start(0, name -> null)) {
      text = logs.text();
    }
    List<String> inventory =
        text.lines().filter(line -> line.contains("Bulwark servlet inventory")).toList();
    assertThat(inventory).as("logged once").hasSize(1);
    // One JSON log line: the table's rows are its escaped new lines.
    List<String> rows = List.of(inventory.get(0).replace("\\/", "/").replace("\\\"", "\"").split("\\\\n"));
    assertThat(rows).anyMatch(row -> row.matches("\\* /api/notes/\\*\\s+access_rule\\s+\\S*NotesApiServlet\\s+bulwark\\.authz\\.rules\\[0\\] roles USER, ADMIN\\s*"));
    assertThat(rows).anyMatch(row -> row.matches("\\* \"\"\\s+access_rule\\s+\\S*IndexServlet\\s+bulwark\\.authz\\.rules\\[1\\] authenticated\\s*"));
    assertThat(rows).noneMatch(row -> row.contains("unguarded"));
    assertThat(rows).anyMatch(row -> row.matches("\\* /static/\\*\\s+framework\\s+static \\(DefaultServlet\\)\\s+the container's default servlet\\s*"));
    assertThat(rows).anyMatch(row -> row.matches("\\* /\\s+framework\\s+default \\(DefaultServlet\\)\\s+the container's default servlet\\s*"));
    assertThat(rows).anyMatch(row -> row.matches("\\* /health\\s+framework\\s+.*Bulwark's own endpoint\\s*"));
  }
}
