package dev.bulwark.examples.servletnotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate-limit inspection and resets in the servlet example (the built-in rules), over real HTTP:
 * what an operator on the host does where the Spring example uses Actuator's {@code
 * bulwarkratelimit}.
 */
class NotesServerRateLimitInspectionTest {

  @RegisterExtension static final OwnNotesServer server = new OwnNotesServer();

  private static URI uri(String path) {
    return server.uri(path);
  }

  /** The built-in login rule (5 sign-in attempts a minute per address), drained and reset. */
  @Test
  void anOperatorOnTheHostInspectsAndResetsAClientsBucket() throws Exception {
    assertThat(Http.get(uri("/bulwark/rate-limit")).body()).contains("\"rules\":[\"global\",\"static\",\"login\",\"auth-failures\"]");
    int status;
    int attempts = 0;
    do {
      status = Http.send("POST", uri("/login"), null).statusCode();
      attempts++;
    } while (status != 429 && attempts < 10);
    assertThat(status).as("the login rule refuses the sixth attempt").isEqualTo(429);

    HttpResponse<String> inspected = Http.get(uri("/bulwark/rate-limit/login/ip:127.0.0.1"));
    assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
    assertThat(Http.header(inspected, "Content-Type")).startsWith("application/json");
    assertThat(inspected.body())
        .contains("\"rule\":\"login\"")
        .contains("\"state\":\"rejected\"")
        .contains("\"remaining\":0")
        .doesNotContain("127.0.0.1");

    assertThat(Http.send("DELETE", uri("/bulwark/rate-limit/login/ip:127.0.0.1"), null).statusCode()).isEqualTo(204);
    assertThat(Http.get(uri("/bulwark/rate-limit/login/ip:127.0.0.1")).body()).contains("\"state\":\"allowed\"");
    assertThat(Http.send("POST", uri("/login"), null).statusCode()).as("signing in is possible again").isNotEqualTo(429);
  }

  @Test
  void anIpv6NetworkKeyHoldsSlashes() throws Exception {
    HttpResponse<String> network = Http.get(uri("/bulwark/rate-limit/global/ip:2001:db8::/64"));
    assertThat(network.statusCode()).as(network.body()).isEqualTo(200);
    assertThat(network.body()).contains("\"state\":\"allowed\"").doesNotContain("2001:db8");
    assertThat(Http.send("DELETE", uri("/bulwark/rate-limit/global/ip:2001:db8::/64"), null).statusCode()).isEqualTo(204);
  }

  @Test
  void anUnknownRuleIsA404ProblemThatDoesNotRepeatTheName() throws Exception {
    HttpResponse<String> unknown = Http.get(uri("/bulwark/rate-limit/Hx7rule/ip:127.0.0.1"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.header(unknown, "Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.body()).doesNotContain("Hx7rule");
  }

  /** Through a proxy the example does not trust, or from an address outside the trusted ranges. */
  @Test
  void aCallerOutsideTheTrustedRangesIsRefused() throws Exception {
    HttpResponse<String> refused = Http.get(uri("/bulwark/rate-limit/global/ip:127.0.0.1"), "X-Forwarded-For", "203.0.113.9");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).doesNotContain("remaining");
    assertThat(Http.send("DELETE", uri("/bulwark/rate-limit/global/ip:127.0.0.1"), null, "X-Forwarded-For", "203.0.113.9").statusCode())
        .isEqualTo(403);
  }
}
