package dev.bulwark.net;

/**
 * What Bulwark believes about the client of one request after weighing forwarded headers against
 * the trusted proxies.
 *
 * @param address the client's IP address in canonical text form; the raw peer text when it is
 *     not an IP address, as with Unix sockets; or, when a trusted proxy named the client by
 *     something that is no address, {@code unknown} or an identifier starting with {@code _} (see
 *     {@link ClientIpResolver}), never the proxy's own address
 * @param secure whether the client reached the service over HTTPS
 * @param host the host the client asked for, port included when present; may be empty
 * @param forwardedByUntrustedPeer whether forwarded headers arrived from a peer that is not a
 *     trusted proxy (and were ignored)
 */
public record ClientInfo(String address, boolean secure, String host, boolean forwardedByUntrustedPeer) {

  /** Returns the host without any port, lower case. */
  public String hostName() {
    return HostNames.stripPort(host);
  }

  /** Returns whether the host is a loopback name or address, where HSTS must never be sent. */
  public boolean isLocalHost() {
    return HostNames.isLocal(hostName());
  }
}
