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

  /** 413: the body is larger than the configured limit. */
  public static Problem bodyTooLarge(long limit) {
    return Problem.of("body-too-large", "Content Too Large", 413, "The request body is larger than " + limit + " bytes.");
  }

  /** 408: the request body did not arrive within the time allowed for it. */
  public static Problem bodyTimeout(long seconds) {
    return Problem.of(
        "body-timeout", "Request Timeout", 408, "The request body did not arrive within " + seconds + " seconds.");
  }

  /** 413: a body sent to an endpoint that takes none (health, metrics, readiness). */
  public static Problem bodyNotAccepted() {
    return Problem.of("body-too-large", "Content Too Large", 413, "This endpoint takes no request body.");
  }

  /** 414: the URL is longer than the configured limit. */
  public static Problem urlTooLong(int limit) {
    return Problem.of("url-too-long", "URI Too Long", 414, "The request URL is longer than " + limit + " characters.");
  }

  /**
   * 400: a header that must appear once ({@code Authorization}, {@code Proxy-Authorization}, {@code
   * Content-Type}, {@code Host}) appears more than once.
   */
  public static Problem duplicateHeader() {
    return Problem.of(
        "duplicate-header",
        "Bad Request",
        400,
        "The request carries more than one Authorization, Proxy-Authorization, Content-Type or Host header.");
  }

  /** 431: too many headers, or too large. */
  public static Problem headersTooLarge() {
    return Problem.of(
        "headers-too-large", "Request Header Fields Too Large", 431, "The request has too many or too large header fields.");
  }

  /** 415: a JSON endpoint received a body that does not declare JSON. */
  public static Problem jsonRequired() {
    return Problem.of(
        "unsupported-media-type", "Unsupported Media Type", 415, "This endpoint accepts request bodies of type application/json only.");
  }

  /** 400: a JSON body that is not well-formed UTF-8 (an overlong form, a stray byte). */
  public static Problem invalidEncoding() {
    return Problem.of(
        "invalid-encoding", "Bad Request", 400, "The request body is not well-formed UTF-8, which JSON requires.");
  }

  /** 403: the caller may not do this; says nothing about why. */
  public static Problem accessDenied() {
    return Problem.of("access-denied", "Forbidden", 403, "You are not allowed to do this.");
  }

  /** 500: an unexpected failure; the details are in the server log under the request id. */
  public static Problem internalError() {
    return Problem.of(
        "internal-error",
        "Internal Server Error",
        500,
        "The server could not complete the request. Quote the request id when reporting it.");
  }

  /**
   * 400: the {@code Content-Type} header is not a single concrete media type (a wildcard, an
   * unterminated quote, a stray character, far too long).
   */
  public static Problem malformedContentType() {
    return Problem.of(
        "malformed-content-type",
        "Bad Request",
        400,
        "The request's Content-Type header is not a valid media type (type/subtype with optional parameters, no wildcards).");
  }

  /** 400: the {@code Accept} header is not a list of media ranges. */
  public static Problem malformedAccept() {
    return Problem.of(
        "malformed-accept", "Bad Request", 400, "The request's Accept header is not a list of media ranges (type/subtype with optional parameters).");
  }

  /** 406: a JSON representation asked for in a charset other than UTF-8. */
  public static Problem jsonOnlyInUtf8() {
    return Problem.of("not-acceptable", "Not Acceptable", 406, "JSON is served in UTF-8 only; ask for charset=utf-8 or no charset.");
  }

  /** 400: the query string has a broken percent-escape or escapes bytes that are not UTF-8. */
  public static Problem malformedQuery() {
    return Problem.of(
        "malformed-query", "Bad Request", 400, "The request's query string has a broken percent-escape or is not UTF-8.");
  }

  /** 415: the {@code Content-Type} declares a charset this server does not support. */
  public static Problem unsupportedCharset() {
    return Problem.of(
        "unsupported-charset", "Unsupported Media Type", 415, "The charset declared in the request's Content-Type is not supported.");
  }

  /** 415: a JSON body declares a charset other than UTF-8, which RFC 8259 requires. */
  public static Problem jsonNotUtf8() {
    return Problem.of(
        "unsupported-charset", "Unsupported Media Type", 415, "JSON request bodies must be UTF-8; declare charset=utf-8 or no charset.");
  }

  /**
   * 400: something in the request could not be read (a header, a parameter, the client address);
   * says nothing about what, so nothing of the request is echoed.
   */
  public static Problem malformedRequest() {
    return Problem.of("malformed-request", "Bad Request", 400, "The request could not be read.");
  }

  /** 400: a request with both {@code Content-Length} and {@code Transfer-Encoding}, the shape of request smuggling. */
  public static Problem ambiguousFraming() {
    return Problem.of(
        "ambiguous-framing",
        "Bad Request",
        400,
        "The request carries both Content-Length and Transfer-Encoding, so its end is ambiguous.");
  }

  /**
   * 405: a method this service does not accept at all ({@code TRACE}, {@code TRACK}, an unknown
   * one). The answer's {@code Allow} header lists the accepted ones.
   */
  public static Problem methodNotAllowed() {
    return Problem.of("method-not-allowed", "Method Not Allowed", 405, "This service does not accept the request's method.");
  }
}
