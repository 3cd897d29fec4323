package dev.bulwark.crosssite;

import dev.bulwark.cors.OriginMatcher;
import dev.bulwark.path.PathPattern;
import java.util.List;

/**
 * Cross-site request protection ({@code bulwark.cross-site.*}), in the manner of Go 1.25's {@code
 * CrossOriginProtection}: unsafe requests (not GET, HEAD or OPTIONS) that a browser marks as
 * cross-site, through {@code Sec-Fetch-Site} or, for older browsers, an {@code Origin} that does
 * not match the {@code Host}, are refused with 403. Clients that send neither header (curl, server
 * to server) pass, so it needs no tokens and breaks no API client.
 *
 * @param enabled whether the protection is on; default {@code true}
 * @param trustedOrigins origins allowed to send unsafe cross-site requests, such as {@code
 *     https://sso.example.com}; CORS's allowed origins are trusted as well; default none
 * @param bypassPaths path patterns exempt from the check, such as a webhook receiver; default none
 */
public record CrossSiteConfig(Boolean enabled, List<String> trustedOrigins, List<String> bypassPaths) {

  /** Applies defaults and checks every pattern. */
  public CrossSiteConfig {
    enabled = enabled == null || enabled;
    trustedOrigins = trustedOrigins == null ? List.of() : List.copyOf(trustedOrigins);
    bypassPaths = bypassPaths == null ? List.of() : List.copyOf(bypassPaths);
    for (String origin : trustedOrigins) {
      if (origin.trim().equals("*")) {
        throw new IllegalArgumentException("trusted-origins must not be '*'; turn the protection off instead");
      }
      OriginMatcher.validate(origin);
    }
    for (String pattern : bypassPaths) {
      PathPattern.of(pattern);
    }
  }

  /** The defaults: on, nothing trusted or bypassed. */
  public static CrossSiteConfig defaults() {
    return new CrossSiteConfig(null, null, null);
  }
}
