package dev.bulwark.servlet;

import dev.bulwark.net.Cidr;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.servlet.internal.RequestAttributes;
import dev.bulwark.servlet.internal.TrustedCallers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Predicate;

/**
 * Who sent a request, as {@link BulwarkFilter} resolved it through the trusted proxies, for code
 * that runs after the filter: access logs, and authorisation rules of frameworks that guard
 * internal endpoints themselves (Actuator's Prometheus endpoint under Spring Security, say).
 */
public final class Callers {

  private Callers() {}

  /**
   * Returns the client's address as Bulwark resolved it ({@code X-Forwarded-For} or {@code
   * Forwarded} from trusted proxies), or the connection's peer address when the filter did not run.
   * It is a full address: log it through a redacting layout or {@link
   * dev.bulwark.net.Redaction#truncateAddress}.
   */
  public static String address(HttpServletRequest request) {
    if (request.getAttribute(RequestAttributes.CLIENT) instanceof ClientInfo client) {
      return client.address();
    }
    return request.getRemoteAddr();
  }

  /**
   * Returns a test of whether a request's client is in one of the CIDR ranges, judged like
   * Bulwark's own health and metrics endpoints: by the resolved client, and never trusted when
   * forwarded headers came from a peer that is not a trusted proxy (behind an unlisted proxy on
   * the same host every outsider would otherwise look like loopback).
   *
   * @param ranges CIDR ranges such as {@code 127.0.0.0/8}; checked here
   */
  public static Predicate<HttpServletRequest> inRanges(List<String> ranges) {
    Cidr[] cidrs = ranges.stream().map(Cidr::of).toArray(Cidr[]::new);
    return request -> TrustedCallers.isTrusted(request, cidrs);
  }
}
