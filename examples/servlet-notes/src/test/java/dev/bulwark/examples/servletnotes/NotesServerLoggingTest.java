package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.observability.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Stopping a server leaves the JVM's logging alone (logback's servlet initializer would stop it). */
class NotesServerLoggingTest {

  @Test
  void loggingOutlivesAStoppedServer() throws Exception {
    NotesServer.start(0, name -> null).close();
    try (LogCapture logs = LogCapture.start()) {
      LoggerFactory.getLogger("notes.test").info("still logging after a stop");
      assertThat(logs.text()).contains("still logging after a stop").contains("\"level\":\"INFO\"");
    }
  }
}
