package dev.bulwark.examples.observability;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.readiness.Readiness;
import dev.bulwark.readiness.ReadinessContext;
import dev.bulwark.readiness.ReadinessReport;
import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * An example app's logs are JSON, carry the request id, and never show a password, a credential,
 * a cookie or a full client address. Each app's test implements this and runs the app with {@code
 * bulwark.client-ip.trusted-proxies=127.0.0.1/32}, so {@code X-Forwarded-For} sets the client.
 */
public interface LogRedactionContract {

  /** The client address the tests send. */
  String CLIENT = "203.0.113.45";
  /** The cookie value the tests send. */
  String COOKIE_SECRET = "cookie-secret-4711";
  /** Parses log lines. */
  JsonMapper JSON = JsonMapper.builder().build();

  /** Returns the URI of a path on the running app. */
  URI uri(String path);

  @Test
  default void theAccessLogLineHasTheRequestIdAndNoSecretOrFullAddress() throws Exception {
    String authorization = basic("alice");
    String text;
    String requestId;
    String line;
    try (LogCapture logs = LogCapture.start()) {
      HttpResponse<String> response =
          Http.get(uri("/api/notes"), "Authorization", authorization, "Cookie", "SESSION=" + COOKIE_SECRET + "; theme=dark",
              "X-Forwarded-For", CLIENT);
      assertThat(response.statusCode()).isEqualTo(200);
      requestId = Http.header(response, "X-Request-Id");
      assertThat(requestId).isNotBlank();
      // The line is written once the response is on its way: wait for it.
      line = awaitLine(logs, "GET /api/notes 200", requestId);
      text = logs.text();
    }
    assertThat(line).as("the access line, from the request's MDC").contains(requestId).contains("203.0.113.0");
    assertNoSecrets(text, authorization);
  }

  @Test
  default void aCarelessLogStatementIsRedactedOnTheWayOut() throws Exception {
    Logger log = LoggerFactory.getLogger("notes.careless");
    String authorization = basic("bob");
    String text;
    try (LogCapture logs = LogCapture.start()) {
      MDC.put("upstreamAuth", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
      try {
        log.warn(
            "sign-in failed: Authorization: {} Cookie: SESSION={} password={} from {}",
            authorization, COOKIE_SECRET, DemoUsers.DEFAULT_PASSWORDS.get("bob"), CLIENT,
            new IllegalStateException("cannot reach redis://default:s3cr3t-pass@cache:6379 for " + CLIENT));
      } finally {
        MDC.remove("upstreamAuth");
      }
      awaitLine(logs, "sign-in failed");
      text = logs.text();
    }
    assertThat(text).contains("[REDACTED]").contains("203.0.113.0").contains("IllegalStateException");
    assertNoSecrets(text, authorization);
    assertThat(text).doesNotContain("s3cr3t-pass").doesNotContain("eyJhbGciOiJIUzI1NiJ9");
  }

  @Test
  default void bulwarksReadinessReportIsLoggedAsWrittenWhileOtherLinesAreRedacted() throws Exception {
    // The settings the issue saw rewritten: CORS with credentials, a loopback origin.
    BulwarkConfig config =
        BulwarkConfigLoader.load(
            ConfigSource.fromMap(
                Map.of(
                    "bulwark.cors.enabled", "true",
                    "bulwark.cors.allowed-origins", "https://*.example.com, http://127.0.0.1:3000",
                    "bulwark.cors.allow-credentials", "true",
                    "bulwark.client-ip.trusted-proxies", "127.0.0.1/32",
                    "bulwark.readiness.fail-on", "none"),
                "test"));
    String text;
    ReadinessReport report;
    try (LogCapture logs = LogCapture.start()) {
      report = Readiness.atStartUp(ReadinessContext.of(config), List.of());
      LoggerFactory.getLogger("notes.careless").warn("cors: allow-credentials=true password=hunter2-4711 from {}", CLIENT);
      awaitLine(logs, "cors: allow-credentials");
      text = logs.text();
    }
    String block = report.toLogBlock();
    assertThat(block).as("the report names what redaction rewrote").contains("allow-credentials").contains("127.0.0.1");
    List<String> messages = new java.util.ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        // ECS (Spring) calls it message, Logback's JsonEncoder (servlet) formattedMessage
        var event = JSON.readTree(line);
        messages.add(event.has("message") ? event.path("message").asString() : event.path("formattedMessage").asString());
      }
    }
    assertThat(messages).as("the report's line, as Bulwark wrote it").contains(block);
    assertThat(text).as("an ordinary line is still redacted").doesNotContain("hunter2-4711").doesNotContain(CLIENT);
  }

  private static void assertNoSecrets(String text, String authorization) throws Exception {
    assertThat(text)
        .doesNotContain(authorization.substring("Basic ".length()))
        .doesNotContain(COOKIE_SECRET)
        .doesNotContain(CLIENT);
    for (String password : DemoUsers.DEFAULT_PASSWORDS.values()) {
      assertThat(text).doesNotContain(password);
    }
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        assertThat(JSON.readTree(line).isObject()).as("every log line is a JSON object: %s", line).isTrue();
      }
    }
  }

  private static String awaitLine(LogCapture logs, String... parts) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      Optional<String> line =
          List.of(logs.text().split("\n")).stream().map(LogRedactionContract::normalized).filter(l -> containsAll(l, parts)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no log line with " + List.of(parts) + " in:\n" + logs.text());
      }
      Thread.sleep(20);
    }
  }

  /** A JSON line as Jackson writes it back (encoders differ in what they escape, "\\/" say). */
  private static String normalized(String line) {
    try {
      return JSON.readTree(line).toString();
    } catch (RuntimeException e) {
      return line;
    }
  }

  private static boolean containsAll(String line, String... parts) {
    for (String part : parts) {
      if (!line.contains(part)) {
        return false;
      }
    }
    return true;
  }
}
