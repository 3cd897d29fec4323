package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asserts over real HTTP that Bulwark's filter ran exactly once for each request: one request id,
 * no security header twice, and a rate-limit bucket charged one token per request. The server must
 * run a rate-limit rule that matches the path and sends the {@code RateLimit} field.
 */
public final class ProtectedOnce {

  private static final Pattern REMAINING = Pattern.compile(";r=(\\d+)");

  private ProtectedOnce() {}

  /** Sends three requests to {@code uri} and checks each was protected once. */
  public static void assertProtectedOnce(URI uri) throws Exception {
    Set<String> ids = new HashSet<>();
    long previous = -1;
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = Http.get(uri);
      assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
      assertThat(response.headers().allValues("X-Request-Id")).as("one request id").hasSize(1);
      ids.add(response.headers().firstValue("X-Request-Id").orElseThrow());
      assertThat(Http.duplicated(response)).as("no header written twice").isEmpty();
      assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
      String field = response.headers().firstValue("RateLimit").orElse(null);
      assertThat(field).as("the RateLimit field").isNotNull();
      Matcher remaining = REMAINING.matcher(field);
      assertThat(remaining.find()).as("remaining in %s", field).isTrue();
      long now = Long.parseLong(remaining.group(1));
      if (previous >= 0) {
        assertThat(now).as("one token per request, not two").isEqualTo(previous - 1);
      }
      previous = now;
    }
    assertThat(ids).as("a request id per request").hasSize(3);
  }
}
