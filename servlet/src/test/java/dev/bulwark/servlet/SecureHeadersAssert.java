package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.CspConfig;
import dev.bulwark.headers.OwaspRemoveList;
import java.net.http.HttpResponse;

/** Assertions for the headers every response must carry. */
public final class SecureHeadersAssert {

  private SecureHeadersAssert() {}

  /** The headers every response carries, whatever its kind. */
  public static void assertBaseline(HttpResponse<?> response) {
    assertThat(Http.header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(Http.header(response, "X-Frame-Options")).isEqualTo("DENY");
    assertThat(Http.header(response, "Referrer-Policy")).isEqualTo("same-origin");
    assertThat(Http.header(response, "Permissions-Policy")).contains("camera=()").contains("geolocation=()");
    assertThat(Http.header(response, "Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
    assertThat(Http.header(response, "Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
    assertThat(Http.header(response, "X-Permitted-Cross-Domain-Policies")).isEqualTo("none");
    assertThat(Http.header(response, "X-DNS-Prefetch-Control")).isEqualTo("off");
    assertThat(response.headers().firstValue("Cross-Origin-Embedder-Policy")).isEmpty();
    for (String removed : OwaspRemoveList.HEADERS) {
      assertThat(response.headers().firstValue(removed)).as("removed header %s", removed).isEmpty();
    }
    assertThat(Http.duplicated(response)).as("headers sent twice").isEmpty();
  }

  /** A non-HTML response: the API policy. */
  public static void assertApi(HttpResponse<?> response) {
    assertBaseline(response);
    assertThat(Http.header(response, "Content-Security-Policy")).isEqualTo(CspConfig.DEFAULT_API_POLICY);
  }

  /** An HTML response: the nonce policy. Returns the nonce. */
  public static String assertHtml(HttpResponse<?> response) {
    assertBaseline(response);
    String csp = Http.header(response, "Content-Security-Policy");
    assertThat(csp).startsWith("default-src 'self'; script-src 'self' 'nonce-").contains("report-uri /bulwark/csp-report");
    int start = csp.indexOf("'nonce-") + 7;
    String nonce = csp.substring(start, csp.indexOf('\'', start));
    assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
    return nonce;
  }
}
