package dev.bulwark.cors;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.util.List;

/**
 * Fuzzes CORS configuration and origin matching: bad allow-lists are refused with {@link
 * IllegalArgumentException} only, without repeating long input; an origin is allowed only if it
 * equals an entry (ASCII case-insensitively) or is {@code scheme://labels.domain} for a {@code
 * scheme://*.domain} entry, with labels of letters, digits and hyphens; every entry allows itself;
 * and deciding a request never throws.
 *
 * <p>Input lines: allowed origins (comma-separated), allow credentials, allowed headers
 * (comma-separated, {@code (null)} for the default), method, Origin, the request's own origin,
 * Access-Control-Request-Method, Access-Control-Request-Headers.
 */
class CorsFuzzTest {

  @FuzzTest
  void onlyListedOriginsAreAllowed(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<String> origins = in.list(0);
    CorsConfig config;
    try {
      config = new CorsConfig(null, origins, null, in.nullableList(2), null, in.flag(1), null);
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, origins.toArray(String[]::new));
      return;
    }
    CorsPolicy policy = CorsPolicy.compile(config);
    OriginMatcher matcher = policy.origins();
    String origin = in.nullable(4);

    if (matcher.matches(origin)) {
      assertThat(matcher.allowsAny() || isListed(config.allowedOrigins(), origin))
          .as("%s is allowed by %s", origin, config.allowedOrigins())
          .isTrue();
    }
    for (String entry : config.allowedOrigins()) {
      String value = entry.trim();
      if (value.contains("://*.")) {
        String example = value.replace("://*.", "://a-1.b.");
        assertThat(matcher.matches(example)).as("%s allows %s", value, example).isTrue();
        assertThat(matcher.matches(value.replace("://*.", "://"))).isEqualTo(matcher.allowsAny()
            || isListed(config.allowedOrigins(), value.replace("://*.", "://")));
      } else {
        assertThat(matcher.matches(value)).isEqualTo(!value.equals("null"));
      }
    }

    CorsPolicy.Outcome outcome =
        policy.decide(in.get(3), origin, in.nullable(5), in.nullable(6), in.nullable(7));
    if (outcome == CorsPolicy.Outcome.ALLOW || outcome == CorsPolicy.Outcome.PREFLIGHT) {
      assertThat(matcher.matches(origin)).isTrue();
      String allowOrigin = policy.allowOrigin(origin);
      assertThat(allowOrigin).isIn("*", origin);
      if (policy.allowCredentials()) {
        assertThat(allowOrigin).isEqualTo(origin);
      }
    }
  }

  /** The documented rule, written with ASCII-only case folding. */
  private static boolean isListed(List<String> entries, String origin) {
    String lower = asciiLower(origin);
    for (String entry : entries) {
      String value = asciiLower(entry.trim());
      int star = value.indexOf("://*.");
      if (star < 0) {
        if (value.equals(lower)) {
          return true;
        }
        continue;
      }
      String scheme = value.substring(0, star + 3);
      String domain = value.substring(star + 5);
      if (lower.startsWith(scheme) && lower.endsWith("." + domain)) {
        String labels = lower.substring(scheme.length(), lower.length() - domain.length() - 1);
        if (labels.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String asciiLower(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return out.toString();
  }
}
