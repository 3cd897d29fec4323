package dev.bulwark.examples.springnotes;

import dev.bulwark.net.Redaction;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * The redaction rule of the JSON logs ({@code logging.structured.json.customizer}): every text
 * value Spring Boot's structured logging writes (message, MDC entries such as the request id,
 * exception message and stack trace) goes through Bulwark's {@link Redaction#redact}, which masks
 * credentials, cookies, tokens and URL passwords and truncates IP addresses.
 */
public class RedactingLogCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

  @Override
  public void customize(JsonWriter.Members<Object> members) {
    members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, Redaction::redact));
  }
}
