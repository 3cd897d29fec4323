package dev.bulwark.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.json.JsonException;

/**
 * Reads Bulwark's adoption report ({@code bulwarkadoption}) and readiness report ({@code
 * bulwarkreadiness}) from the application's Actuator after a walk, and keeps each document as it
 * came ({@code adoption.json}, {@code readiness.json} in the variant's results). An application
 * without Actuator, or one that does not expose them, answers 404: that is recorded, not an error.
 */
final class Endpoints {

  /** The two documents, when they were served, and a line saying where they came from or why not. */
  record Read(Optional<Map<String, Object>> adoption, Optional<Map<String, Object>> readiness, String note) {
    static final Read NONE = new Read(Optional.empty(), Optional.empty(), "");
  }

  private Endpoints() {}

  static Read read(URI origin, String actuator, Path dir) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> notes = new ArrayList<>();
    Optional<Map<String, Object>> adoption = fetch(client, origin, actuator + "/bulwarkadoption",
        dir.resolve("adoption.json"), notes);
    Optional<Map<String, Object>> readiness = fetch(client, origin, actuator + "/bulwarkreadiness",
        dir.resolve("readiness.json"), notes);
    return new Read(adoption, readiness, String.join("; ", notes));
  }

  private static Optional<Map<String, Object>> fetch(HttpClient client, URI origin, String path, Path file,
      List<String> notes) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = client.send(HttpRequest.newBuilder(origin.resolve(path.substring(1)))
          .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      notes.add(path + ": " + e.getMessage());
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      notes.add(path + ": " + response.statusCode());
      return Optional.empty();
    }
    Files.writeString(file, response.body());
    try {
      Map<String, Object> doc = new Json().toType(response.body(), Json.MAP_TYPE);
      notes.add(path + ": 200, saved as " + file.getFileName());
      return Optional.ofNullable(doc);
    } catch (JsonException e) {
      notes.add(path + ": 200 but not JSON, saved as " + file.getFileName());
      return Optional.empty();
    }
  }
}
