package dev.bulwark.host;

import dev.bulwark.internal.Snippet;
import java.util.List;
import java.util.Locale;

/**
 * Host header allow-list and HTTPS redirect ({@code bulwark.host.*}).
 *
 * @param allowed host names the service answers to, such as {@code notes.example.com} or {@code
 *     *.example.com}, optionally with a port; requests for any other host get 400. Default none,
 *     which accepts every host
 * @param httpsRedirect whether plain-HTTP requests are redirected (308) to HTTPS; needs {@link
 *     #allowed()}, so the redirect can never send a client to a host an attacker chose; loopback
 *     hosts are never redirected. Default {@code false}
 * @param httpsPort the HTTPS port to redirect to; default 443
 */
public record HostConfig(List<String> allowed, Boolean httpsRedirect, Integer httpsPort) {

  /** Applies defaults and refuses a redirect without an allow-list. */
  public HostConfig {
    allowed = allowed == null ? List.of() : allowed.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    httpsRedirect = httpsRedirect != null && httpsRedirect;
    httpsPort = httpsPort == null ? 443 : httpsPort;
    if (httpsPort < 1 || httpsPort > 65535) {
      throw new IllegalArgumentException("https-port must be between 1 and 65535");
    }
    for (String host : allowed) {
      if (!host.matches("(\\*\\.)?[a-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
        throw new IllegalArgumentException(
            "allowed host '" + Snippet.of(host) + "' is not a host name such as notes.example.com or *.example.com");
      }
    }
    if (httpsRedirect && allowed.isEmpty()) {
      throw new IllegalArgumentException(
          "https-redirect needs bulwark.host.allowed: without an allow-list the redirect would send"
              + " clients to whatever Host an attacker puts in the request");
    }
  }

  /** The defaults: every host accepted, no redirect. */
  public static HostConfig defaults() {
    return new HostConfig(null, null, null);
  }
}
