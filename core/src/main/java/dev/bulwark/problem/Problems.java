package dev.bulwark.problem;

/** The problems that Bulwark's browser-facing protections answer with. */
public final class Problems {

  private Problems() {}

  /** 400: the Host header names a host this service does not serve. */
  public static Problem hostNotAllowed() {
    return Problem.of(
        "host-not-allowed",
        "Host not allowed",
        400,
        "The request's Host header names a host this service does not serve.");
  }

  /** 403: a browser sent an unsafe request from another site. */
  public static Problem crossSiteRequest() {
    return Problem.of(
        "cross-site-request",
        "Cross-site request refused",
        403,
        "A browser sent this state-changing request from another site; it was refused to protect"
            + " the signed-in user.");
  }

  /** 403: a CORS preflight for an origin, method or header that is not allowed. */
  public static Problem corsRejected() {
    return Problem.of(
        "cors-rejected",
        "Cross-origin request not allowed",
        403,
        "The origin, method or headers of this cross-origin request are not allowed.");
  }

  /** 500: an unexpected failure; the details are in the server log under the request id. */
  public static Problem internalError() {
    return Problem.of(
        "internal-error",
        "Internal Server Error",
        500,
        "The server could not complete the request. Quote the request id when reporting it.");
  }
}
