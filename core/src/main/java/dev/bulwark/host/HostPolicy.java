package dev.bulwark.host;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Stage;
import dev.bulwark.http.Verdict;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.net.HostNames;
import dev.bulwark.problem.Problems;
import java.util.ArrayList;
import java.util.List;

/** The compiled Host allow-list and HTTPS redirect. Thread-safe and immutable. */
public final class HostPolicy implements Stage {

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
      if (allowed.equals(name) || (allowed.length() == host.length() && regionEquals(host, 0, allowed))) {
        return true;
      }
    }
    for (String suffix : suffixes) {
      if (isSubdomain(name, suffix) || isSubdomain(host, suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a value is one or more host labels followed by a suffix such as {@code
   * .example.com} (or {@code .example.com:8443}). The labels are checked so that a Host such as
   * {@code evil.com/.example.com} or {@code evil.com:1.example.com} cannot pass, and then be
   * redirected to, as {@code evil.com}.
   */
  private static boolean isSubdomain(String value, String suffix) {
    int cut = value.length() - suffix.length();
    if (cut <= 0 || !regionEquals(value, cut, suffix)) {
      return false;
    }
    for (int i = 0; i < cut; i++) {
      char c = value.charAt(i);
      boolean label = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!label) {
        return false;
      }
    }
    return true;
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

  /**
   * Compares part of a Host value with a lower-case entry, folding ASCII letters only: Java's
   * case-insensitive comparisons fold Unicode too, which lets the Kelvin sign stand for {@code k}.
   */
  private static boolean regionEquals(String value, int offset, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = value.charAt(offset + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The pipeline stage: refuses a Host not on the allow-list (400) and redirects plain HTTP to
   * HTTPS (308) when configured.
   */
  @Override
  public Verdict apply(Exchange exchange) {
    ClientInfo client = exchange.client();
    if (!isAllowed(client.host())) {
      return Verdict.refuse(Problems.hostNotAllowed(), SecurityEvent.HOST_REJECTED);
    }
    if (!redirect || client.secure()) {
      return Verdict.CONTINUE;
    }
    String query = exchange.view().queryString();
    String target = query == null ? exchange.view().requestUri() : exchange.view().requestUri() + "?" + query;
    String location = redirectLocation(client.secure(), client.host(), target);
    if (location == null) {
      return Verdict.CONTINUE;
    }
    exchange.headers().set("Location", location);
    return Verdict.answer(308);
  }
}
