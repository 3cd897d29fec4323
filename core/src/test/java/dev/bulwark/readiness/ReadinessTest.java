package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up run: one log block at the right level, then fail-on. slf4j-simple logs to System.err. */
class ReadinessTest {

  private static ReadinessContext context(Map<String, String> values) {
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test"));
    return new ReadinessContext(config, List.of(), name -> null);
  }

  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCleanReportIsLoggedOnceAtInfo() {
    String log = stderrOf(() -> Readiness.atStartUp(context(Map.of()), List.of()));
    assertThat(log).contains("INFO dev.bulwark.readiness - Bulwark production-readiness report: no findings");
    assertThat(log.split("production-readiness report", -1)).hasSize(2);
  }

  @Test
  void findingsAreLoggedAtWarn() {
    String log =
        stderrOf(
            () ->
                Readiness.atStartUp(
                    context(Map.of()), List.of(context -> List.of(KnownFinding.DEV_TOOLS_ON_CLASSPATH.finding("DevTools found.")))));
    assertThat(log).contains("WARN dev.bulwark.readiness - Bulwark production-readiness report: 1 finding (1 medium)");
    assertThat(log).contains("dev-tools-on-classpath").contains("fix: Declare spring-boot-devtools");
  }

  @Test
  void aFailOnFindingIsLoggedThenStopsStartUp() {
    String log =
        stderrOf(
            () ->
                assertThatThrownBy(
                        () -> Readiness.atStartUp(context(Map.of("bulwark.headers.enabled", "false", "bulwark.readiness.fail-on", "high")), List.of()))
                    .isInstanceOf(ReadinessException.class)
                    .hasMessageContaining("headers-disabled"));
    assertThat(log).contains("WARN dev.bulwark.readiness").contains("FAILS START-UP");
  }

  @Test
  void aCheckThatThrowsIsLeftOutWithAWarning() {
    ReadinessCheck broken = context -> {
      throw new IllegalStateException("boom");
    };
    String[] ids = new String[1];
    String log =
        stderrOf(
            () ->
                ids[0] =
                    String.join(
                        ",",
                        Readiness.evaluate(
                                context(Map.of("bulwark.request-id.enabled", "false")),
                                List.of(broken, context -> List.of(KnownFinding.DEBUG_LOGGING.finding("debug"))))
                            .findings()
                            .stream()
                            .map(Finding::id)
                            .toList()));
    assertThat(ids[0]).isEqualTo("debug-logging,request-ids-disabled");
    assertThat(log).contains("failed; its findings are missing from the report");
  }
}
