package dev.bulwark.servlet.internal;

import dev.bulwark.net.Cidr;
import dev.bulwark.net.ClientInfo;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a caller comes from a trusted address range, for endpoints that reveal internals
 * (health details, metrics). It uses the client Bulwark resolved through the trusted proxies, and
 * fails closed when forwarded headers came from a peer that is not a trusted proxy: behind an
 * unlisted reverse proxy on the same host every outsider would otherwise look like loopback.
 */
public final class TrustedCallers {

  private TrustedCallers() {}

  /** Returns whether the request's client is in one of the ranges. */
  public static boolean isTrusted(HttpServletRequest request, Cidr[] ranges) {
    String address;
    if (request.getAttribute(RequestAttributes.CLIENT) instanceof ClientInfo client) {
      if (client.forwardedByUntrustedPeer()) {
        return false;
      }
      address = client.address();
    } else {
      if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null) {
        return false;
      }
      address = request.getRemoteAddr();
    }
    for (Cidr range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
