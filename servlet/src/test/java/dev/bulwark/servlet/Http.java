package dev.bulwark.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A small HTTP client for tests against real servers. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  /** Headers that legitimately appear more than once. */
  private static final Set<String> MULTI = Set.of("vary", "set-cookie");

  private Http() {}

  public static HttpResponse<String> send(String method, URI uri, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
    return send("GET", uri, null, headers);
  }

  /** Returns the names of headers that appear more than once where they should not. */
  public static Set<String> duplicated(HttpResponse<?> response) {
    Set<String> duplicates = new TreeSet<>();
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      if (header.getValue().size() > 1 && !MULTI.contains(header.getKey().toLowerCase())) {
        duplicates.add(header.getKey());
      }
    }
    return duplicates;
  }

  public static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
