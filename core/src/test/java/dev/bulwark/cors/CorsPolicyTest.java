package dev.bulwark.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.bulwark.cors.CorsPolicy.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

  static final String OWN = "https://api.example.com";
  static final String APP = "https://app.example.com";

  static CorsPolicy policy(List<String> origins) {
    return CorsPolicy.compile(new CorsConfig(null, origins, null, null, null, null, null));
  }

  @Nested
  class Decide {

    private final CorsPolicy policy = policy(List.of(APP, "https://*.partner.example"));

    @Test
    void noOriginPasses() {
      assertThat(policy.decide("GET", null, OWN, null, null)).isEqualTo(Outcome.PASS);
      assertThat(policy.decide("OPTIONS", null, OWN, "DELETE", null)).isEqualTo(Outcome.PASS);
    }

    @Test
    void sameOriginPasses() {
      assertThat(policy.decide("POST", OWN, OWN, null, null)).isEqualTo(Outcome.PASS);
      assertThat(policy.decide("OPTIONS", "HTTPS://API.example.com", OWN, "TRACE", null)).isEqualTo(Outcome.PASS);
    }

    @Test
    void allowedOriginIsAllowed() {
      assertThat(policy.decide("GET", APP, OWN, null, null)).isEqualTo(Outcome.ALLOW);
      assertThat(policy.decide("POST", "https://x.partner.example", OWN, null, null)).isEqualTo(Outcome.ALLOW);
      // a plain OPTIONS without Access-Control-Request-Method is no preflight
      assertThat(policy.decide("OPTIONS", APP, OWN, null, null)).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void otherOriginsPassWithoutHeaders() {
      assertThat(policy.decide("GET", "https://evil.example", OWN, null, null)).isEqualTo(Outcome.PASS);
      assertThat(policy.decide("GET", "null", OWN, null, null)).isEqualTo(Outcome.PASS);
    }

    @Test
    void allowedPreflight() {
      assertThat(policy.decide("OPTIONS", APP, OWN, "PUT", "Content-Type, Authorization")).isEqualTo(Outcome.PREFLIGHT);
      assertThat(policy.decide("OPTIONS", APP, OWN, " patch ", "content-type,x-requested-with")).isEqualTo(Outcome.PREFLIGHT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "GET", null)).isEqualTo(Outcome.PREFLIGHT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "GET", "  ")).isEqualTo(Outcome.PREFLIGHT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "GET", "content-type, , ")).isEqualTo(Outcome.PREFLIGHT);
    }

    @Test
    void preflightFromAnotherOriginIsRejected() {
      assertThat(policy.decide("OPTIONS", "https://evil.example", OWN, "GET", null)).isEqualTo(Outcome.REJECT);
      assertThat(policy.decide("OPTIONS", "https://partner.example", OWN, "GET", null)).isEqualTo(Outcome.REJECT);
      assertThat(policy.decide("OPTIONS", "null", OWN, "GET", null)).isEqualTo(Outcome.REJECT);
    }

    @Test
    void preflightForAnotherMethodIsRejected() {
      assertThat(policy.decide("OPTIONS", APP, OWN, "TRACE", null)).isEqualTo(Outcome.REJECT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "CONNECT", null)).isEqualTo(Outcome.REJECT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "", null)).isEqualTo(Outcome.REJECT);
    }

    @Test
    void preflightForAnotherHeaderIsRejected() {
      assertThat(policy.decide("OPTIONS", APP, OWN, "POST", "Content-Type, X-Evil")).isEqualTo(Outcome.REJECT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "POST", "cookie")).isEqualTo(Outcome.REJECT);
    }

    @Test
    void disabledPolicyPassesEverything() {
      CorsPolicy off = CorsPolicy.compile(new CorsConfig(false, List.of(APP), null, null, null, null, null));
      assertThat(off.enabled()).isFalse();
      assertThat(off.decide("OPTIONS", "https://evil.example", OWN, "DELETE", null)).isEqualTo(Outcome.PASS);
      assertThat(off.decide("GET", APP, OWN, null, null)).isEqualTo(Outcome.PASS);
    }

    @Test
    void emptyAllowListRejectsEveryCrossOriginPreflight() {
      CorsPolicy none = CorsPolicy.compile(CorsConfig.defaults());
      assertThat(none.enabled()).isTrue();
      assertThat(none.origins().isEmpty()).isTrue();
      assertThat(none.decide("OPTIONS", APP, OWN, "GET", null)).isEqualTo(Outcome.REJECT);
      assertThat(none.decide("GET", APP, OWN, null, null)).isEqualTo(Outcome.PASS);
    }
  }

  @Nested
  class Headers {

    @Test
    void defaultsValues() {
      CorsPolicy policy = policy(List.of(APP));
      assertThat(policy.allowMethods()).isEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE");
      assertThat(policy.exposedHeaders()).isEqualTo("X-Request-Id");
      assertThat(policy.maxAge()).isEqualTo("1800");
      assertThat(policy.allowCredentials()).isFalse();
      assertThat(policy.allowOrigin(APP)).isEqualTo(APP);
    }

    @Test
    void wildcardAllowOriginOnlyWithoutCredentials() {
      assertThat(policy(List.of("*")).allowOrigin(APP)).isEqualTo("*");
      CorsPolicy exact =
          CorsPolicy.compile(new CorsConfig(null, List.of(APP), null, null, null, true, null));
      assertThat(exact.allowCredentials()).isTrue();
      assertThat(exact.allowOrigin(APP)).isEqualTo(APP);
    }

    @Test
    void allowHeadersEchoesTheRequestedHeaders() {
      CorsPolicy policy = policy(List.of(APP));
      assertThat(policy.allowHeaders(" Content-Type, Authorization ")).isEqualTo("Content-Type, Authorization");
      assertThat(policy.allowHeaders(null)).isNull();
      assertThat(policy.allowHeaders(" ")).isNull();
    }

    @Test
    void customSettings() {
      CorsPolicy policy =
          CorsPolicy.compile(
              new CorsConfig(
                  null, List.of(APP), List.of(" get", "post "), List.of("*"), List.of(), null, Duration.ofHours(2)));
      assertThat(policy.allowMethods()).isEqualTo("GET, POST");
      assertThat(policy.exposedHeaders()).isNull();
      assertThat(policy.maxAge()).isEqualTo("7200");
      assertThat(policy.decide("OPTIONS", APP, OWN, "POST", "X-Anything, X-Else")).isEqualTo(Outcome.PREFLIGHT);
      assertThat(policy.decide("OPTIONS", APP, OWN, "PUT", null)).isEqualTo(Outcome.REJECT);
    }
  }

  @Nested
  class Deferred {

    @Test
    void aPolicyWithoutOriginsCanLeaveCorsToTheApplication() {
      CorsPolicy none = CorsPolicy.compile(CorsConfig.defaults());
      assertThat(none.deferred()).isFalse();
      none.deferToApplication();
      assertThat(none.deferred()).isTrue();
    }

    @Test
    void aPolicyWithOriginsRefusesToDefer() {
      CorsPolicy own = policy(List.of(APP));
      org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(own::deferToApplication);
      assertThat(own.deferred()).isFalse();
    }
  }

  @Nested
  class Config {

    @Test
    void credentialsWithWildcardAreRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new CorsConfig(null, List.of("*"), null, null, null, true, null))
          .withMessageContaining("allow-credentials");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new CorsConfig(null, List.of(APP, "*"), null, null, null, true, null));
    }

    @Test
    void wildcardWithoutCredentialsIsFine() {
      assertThat(new CorsConfig(null, List.of("*"), null, null, null, false, null).allowedOrigins()).containsExactly("*");
    }

    @Test
    void invalidOriginsAreRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new CorsConfig(null, List.of("https://app.example.com/"), null, null, null, null, null))
          .withMessageContaining("'https://app.example.com/'");
    }

    @Test
    void defaults() {
      CorsConfig config = CorsConfig.defaults();
      assertThat(config.enabled()).isTrue();
      assertThat(config.allowedOrigins()).isEmpty();
      assertThat(config.allowedMethods()).containsExactly("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
      assertThat(config.allowedHeaders()).containsExactly("Content-Type", "Authorization", "X-Requested-With", "X-Request-Id");
      assertThat(config.exposedHeaders()).containsExactly("X-Request-Id");
      assertThat(config.allowCredentials()).isFalse();
      assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
    }
  }
}
