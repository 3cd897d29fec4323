package dev.bulwark.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.json.Json;

/**
 * Reads Chromium's performance log (DevTools {@code Network.*} events, one JSON message per entry)
 * for one action: the status of the page's document and the requests that failed.
 */
final class NetworkLog {

  private static final Json JSON = new Json();

  private final Map<String, String> urls = new LinkedHashMap<>();
  private final List<String> failed = new ArrayList<>();
  private final List<Document> documents = new ArrayList<>();

  private record Document(String url, int status) {}

  /** Feeds one performance-log entry's message. Messages of other kinds are ignored. */
  @SuppressWarnings("unchecked")
  void add(String message) {
    Map<String, Object> outer = JSON.toType(message, Json.MAP_TYPE);
    Object inner = outer.get("message");
    if (!(inner instanceof Map)) {
      return;
    }
    Map<String, Object> event = (Map<String, Object>) inner;
    String method = String.valueOf(event.get("method"));
    Map<String, Object> params = event.get("params") instanceof Map ? (Map<String, Object>) event.get("params") : Map.of();
    String id = String.valueOf(params.get("requestId"));
    switch (method) {
      case "Network.requestWillBeSent" -> {
        Map<String, Object> request = map(params.get("request"));
        urls.put(id, String.valueOf(request.get("url")));
        Map<String, Object> redirect = map(params.get("redirectResponse"));
        if (!redirect.isEmpty() && "Document".equals(params.get("type"))) {
          documents.add(new Document(String.valueOf(redirect.get("url")), number(redirect.get("status"))));
        }
      }
      case "Network.responseReceived" -> {
        Map<String, Object> response = map(params.get("response"));
        String url = String.valueOf(response.get("url"));
        int status = number(response.get("status"));
        if ("Document".equals(params.get("type"))) {
          documents.add(new Document(url, status));
        } else if (status >= 400 && !url.startsWith("data:")) {
          failed.add(status + " " + url);
        }
      }
      case "Network.loadingFailed" -> {
        if (Boolean.TRUE.equals(params.get("canceled"))) {
          return;
        }
        String url = urls.getOrDefault(id, "(unknown request " + id + ")");
        Object blocked = params.get("blockedReason");
        String why = blocked != null ? "blocked:" + blocked : String.valueOf(params.get("errorText"));
        failed.add(why + " " + url);
      }
      default -> { }
    }
  }

  /**
   * The status of the document the browser shows at {@code currentUrl}: the last document response for
   * that address, else the last document response at all, else 0.
   */
  int documentStatus(String currentUrl) {
    String wanted = stripFragment(currentUrl);
    for (int i = documents.size() - 1; i >= 0; i--) {
      if (stripFragment(documents.get(i).url()).equals(wanted)) {
        return documents.get(i).status();
      }
    }
    return documents.isEmpty() ? 0 : documents.get(documents.size() - 1).status();
  }

  /** Failed requests in the order seen: {@code 404 http://...}, {@code net::ERR_... http://...}, {@code blocked:csp http://...}. */
  List<String> failedRequests() {
    return List.copyOf(failed);
  }

  private static String stripFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }

  private static int number(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
