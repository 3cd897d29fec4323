package dev.bulwark.servlet.internal;

/** The request attributes through which Bulwark's filter hands a request's state to later phases. */
public final class RequestAttributes {

  /** The resolved client ({@link dev.bulwark.net.ClientInfo}), for endpoints that judge callers by it. */
  public static final String CLIENT = "dev.bulwark.client";

  /** The request's {@link dev.bulwark.http.Exchange}, for the phases after authentication. */
  public static final String EXCHANGE = "dev.bulwark.exchange";

  private RequestAttributes() {}
}
