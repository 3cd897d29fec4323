package dev.bulwark.host;

import dev.bulwark.net.HostNames;
import java.util.ArrayList;
import java.util.List;

/** The compiled Host allow-list and HTTPS redirect. Thread-safe and immutable. */
public final class HostPolicy {

  private final String[] exact;
  private final String[] suffixes;
  private final boolean restricted;
  private final boolean redirect;
  private final String portSuffix;

  private HostPolicy(HostConfig config) {
    List<String> exactHosts = new ArrayList<>();
    List<String> suffixHosts = new ArrayList<>();
    for (String host : config.allowed()) {
      if (host.startsWith("*.")) {
        suffixHosts.add(host.substring(1));
      } else {
        exactHosts.add(host);
      }
    }
    this.exact = exactHosts.toArray(String[]::new);
    this.suffixes = suffixHosts.toArray(String[]::new);
    this.restricted = !config.allowed().isEmpty();
    this.redirect = config.httpsRedirect();
    this.portSuffix = config.httpsPort() == 443 ? "" : ":" + config.httpsPort();
  }

  /** Compiles a configuration. */
  public static HostPolicy compile(HostConfig config) {
    return new HostPolicy(config);
  }

  /**
   * Returns whether a Host value is allowed. An entry with a port must match host and port; an
   * entry without one matches any port.
   */
  public boolean isAllowed(String host) {
    if (!restricted) {
      return true;
    }
    if (host == null || host.isEmpty()) {
      return false;
    }
    String name = HostNames.stripPort(host);
    for (String allowed : exact) {
      if (allowed.equals(name) || allowed.equalsIgnoreCase(host)) {
        return true;
      }
    }
    for (String suffix : suffixes) {
      if ((name.endsWith(suffix) && name.length() > suffix.length())
          || (host.length() > suffix.length() && host.regionMatches(true, host.length() - suffix.length(), suffix, 0, suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the HTTPS location for a plain-HTTP request, or {@code null} when no redirect is due
   * (off, already secure, loopback host, or a host outside the allow-list).
   *
   * @param secure whether the client used HTTPS
   * @param host the Host the client asked for
   * @param pathAndQuery the request target as received: path plus {@code ?query} if any
   */
  public String redirectLocation(boolean secure, String host, String pathAndQuery) {
    if (!redirect || secure || !isAllowed(host)) {
      return null;
    }
    String name = HostNames.stripPort(host);
    if (HostNames.isLocal(name)) {
      return null;
    }
    return "https://" + name + portSuffix + pathAndQuery;
  }
}
