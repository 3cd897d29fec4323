package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the request headers Bulwark reads before the application does, through the real filter
 * on real Jetty: {@code Content-Type}, {@code X-Forwarded-For} and {@code Forwarded} from a trusted
 * proxy, {@code Accept}, {@code Origin} and the method, on a JSON endpoint, a page and a missing
 * path, with rate limiting on. Whatever the values, the answer is never a 5xx and nothing is
 * counted as an internal error: a value that cannot be read is the client's error.
 *
 * <p>Input: lines of Content-Type, X-Forwarded-For, Forwarded, Accept, Origin, a method and a path
 * selector, and a query string (spaces sent as {@code +}). Bytes are sent as ISO-8859-1; CR, LF and NUL are dropped so that every input stays one
 * request (framing is {@code HostileRequestContract}'s).
 */
class FrontDoorFuzzTest {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO");
  private static final List<String> PATHS = List.of("/api/json", "/page", "/missing", "/api/upload");

  private static BulwarkFilter filter;
  private static TestServer server;

  private static synchronized TestServer server() throws Exception {
    if (server == null) {
      filter =
          new BulwarkFilter(
              BulwarkConfigLoader.load(
                  ConfigSource.fromMap(
                      Map.of(
                          "bulwark.client-ip.trusted-proxies", "127.0.0.1/32,::1/128",
                          "bulwark.rate-limit.enabled", "true",
                          "bulwark.rate-limit.rules[0].name", "global",
                          "bulwark.rate-limit.rules[0].limits", "1000000/1s",
                          "bulwark.limits.json-paths", "/api/**"),
                      "fuzz")));
      server = JettyTestServer.startWith(filter);
    }
    return server;
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @FuzzTest(maxDuration = "30s")
  void noHeaderValueMakesTheFrontDoorAnswer5xx(byte[] data) throws Exception {
    String[] fields = new String(data, StandardCharsets.ISO_8859_1).split("\n", -1);
    String contentType = field(fields, 0);
    String forwardedFor = field(fields, 1);
    String forwarded = field(fields, 2);
    String accept = field(fields, 3);
    String origin = field(fields, 4);
    int selector = fields.length > 5 ? field(fields, 5).length() : 0;
    String method = METHODS.get(selector % METHODS.size());
    String path = PATHS.get((selector / METHODS.size()) % PATHS.size());
    String query = field(fields, 6);
    if (query != null && !query.isEmpty()) {
      path = path + "?" + query.replace(' ', '+');
    }

    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
    header(request, "Content-Type", contentType);
    header(request, "X-Forwarded-For", forwardedFor);
    header(request, "Forwarded", forwarded);
    header(request, "Accept", accept);
    header(request, "Origin", origin);
    String body = "{\"a\":1}";
    request.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n").append(body);

    TestServer running = server();
    long internalErrors = filter.events().count(SecurityEvent.INTERNAL_ERROR);
    RawHttp.Response response = RawHttp.exchange(running.port(), request.toString());

    if (!response.closedWithoutAnswer()) {
      assertThat(response.status()).as("%s -> %s", request, response).isLessThan(500);
    }
    assertThat(filter.events().count(SecurityEvent.INTERNAL_ERROR)).as("%s", request).isEqualTo(internalErrors);
  }

  private static String field(String[] fields, int index) {
    if (index >= fields.length) {
      return null;
    }
    return fields[index].replace("\r", "").replace("\u0000", "");
  }

  private static void header(StringBuilder request, String name, String value) {
    if (value != null && !value.isEmpty()) {
      request.append(name).append(": ").append(value).append("\r\n");
    }
  }
}
