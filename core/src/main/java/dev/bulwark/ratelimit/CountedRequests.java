package dev.bulwark.ratelimit;

/**
 * Which requests a rule with {@code count-statuses} may count ({@code
 * bulwark.rate-limit.rules[n].counted-requests}).
 */
public enum CountedRequests {
  /** Every request whose response has one of the counted statuses (scanners' 404s, say). */
  ALL,
  /**
   * Only failed credentials: a request that presented credentials ({@code Authorization}) and was
   * answered with a counted status, or one the application or its security framework reported as
   * a failed sign-in (form login answers 302, so it must be reported). A challenge to a client that
   * presented none is not a failure, so anonymous requests can never fill the penalty box of the
   * users behind their address.
   */
  WITH_CREDENTIALS
}
