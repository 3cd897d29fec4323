package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production-readiness report of the servlet example, run the way an operator runs it: {@code
 * java ... NotesServer} in a JVM of its own, with settings and the log level passed as system
 * properties (Logback reads its configuration once per JVM, so debug logging needs a fresh one).
 */
class NotesServerReadinessTest {

  private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

  private Process process;

  /** A started example JVM and everything it printed so far. */
  private record Run(Process process, StringBuffer output, CompletableFuture<Integer> port) {}

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private Run launch(String... systemProperties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(systemProperties));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NotesServer.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PORT", "0");
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    process = builder.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Process started = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher matcher = LISTENING.matcher(line);
                  if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                  }
                }
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IllegalStateException("the example stopped without listening:\n" + output));
            },
            "example-output");
    reader.setDaemon(true);
    reader.start();
    return new Run(process, output, port);
  }

  @Test
  void aRiskyConfigurationIsFlaggedInTheLogAndAtTheEndpoint() throws Exception {
    Run run =
        launch(
            "-Dbulwark.headers.enabled=false",
            "-Dnotes.log.level=DEBUG",
            // Lifted so the example starts and the report can be read; see the next test.
            "-Dbulwark.readiness.fail-on=none");
    int port = run.port().get(90, TimeUnit.SECONDS);
    HttpResponse<String> report = Http.get(URI.create("http://localhost:" + port + "/readiness"));
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body())
        .startsWith("{\"status\":\"findings\"")
        .contains("\"id\":\"headers-disabled\",\"severity\":\"high\"")
        .contains("\"id\":\"debug-logging\",\"severity\":\"medium\",\"message\":\"The SLF4J root logger logs at DEBUG")
        .contains("root level=\\\"INFO\\\"", "in logback.xml");
    assertThat(Http.get(URI.create("http://localhost:" + port + "/readiness"), "X-Forwarded-For", "203.0.113.9").statusCode())
        .as("an outsider relayed by an unlisted proxy")
        .isEqualTo(403);
    assertThat(Http.header(Http.get(URI.create("http://localhost:" + port + "/static/app.css")), "X-Content-Type-Options"))
        .as("the headers really are off")
        .isNull();

    String log = run.output().toString();
    assertThat(log).containsOnlyOnce("production-readiness report");
    assertThat(log).containsPattern(
        "\"level\":\"WARN\",[^\\n]*\"loggerName\":\"dev\\.bulwark\\.readiness\"[^\\n]*Bulwark production-readiness report: 2 findings \\(1 high, 1 medium\\)");
    assertThat(log).containsPattern("security headers +OFF");
  }

  @Test
  void theExamplesFailOnRefusesToStartARiskyConfiguration() throws Exception {
    Run run = launch("-Dbulwark.headers.enabled=false");
    assertThat(run.process().waitFor(90, TimeUnit.SECONDS)).as("the example exits").isTrue();
    assertThat(run.process().exitValue()).isNotZero();
    assertThat(run.port()).isCompletedExceptionally();
    String log = run.output().toString();
    assertThat(log)
        .contains("Bulwark refuses to start: bulwark.readiness.fail-on=high matches 1 finding.")
        .contains("[HIGH] headers-disabled: bulwark.headers.enabled=false")
        .contains("Fix: Remove bulwark.headers.enabled=false")
        .doesNotContain("listening on");
  }

  @Test
  void asShippedItStartsAndReportsNoHighFinding() throws Exception {
    Run run = launch();
    int port = run.port().get(90, TimeUnit.SECONDS);
    String body = Http.get(URI.create("http://localhost:" + port + "/readiness")).body();
    assertThat(body).contains("\"failOn\":[\"high\"]").doesNotContain("\"severity\":\"high\"");
    assertThat(body).contains("{\"id\":\"rate-limit\",\"name\":\"rate limiting\",\"on\":true");
    assertThat(run.output().toString())
        .containsPattern("\"level\":\"INFO\",[^\\n]*\"loggerName\":\"dev\\.bulwark\\.readiness\"[^\\n]*Bulwark production-readiness report: no findings \\(fail-on: high\\)");
  }
}
