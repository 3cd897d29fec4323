package dev.bulwark.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the JSON answers of Bulwark's own endpoints (health, readiness, rate-limit inspection). */
public final class JsonResponses {

  private JsonResponses() {}

  /** Writes a JSON document, never cached: it describes this moment. */
  public static void write(HttpServletResponse response, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
