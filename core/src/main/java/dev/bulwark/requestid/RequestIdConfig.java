package dev.bulwark.requestid;

/**
 * Request ids ({@code bulwark.request-id.*}): every request gets one, in the SLF4J MDC, on the
 * response and in every problem document, so a user's error report leads to the log lines.
 *
 * @param enabled whether request ids are assigned; default {@code true}
 * @param header the request and response header; default {@code X-Request-Id}
 * @param trustIncoming whether a valid incoming id (the header, else the trace id of a W3C {@code
 *     traceparent}) is kept instead of generating one; default {@code true}. Incoming ids are
 *     checked: 1 to 128 characters of letters, digits and {@code . _ : -}
 * @param mdcKey the SLF4J MDC key; default {@code requestId}
 */
public record RequestIdConfig(Boolean enabled, String header, Boolean trustIncoming, String mdcKey) {

  /** Applies defaults and checks the names. */
  public RequestIdConfig {
    enabled = enabled == null || enabled;
    header = header == null || header.isBlank() ? "X-Request-Id" : header.trim();
    trustIncoming = trustIncoming == null || trustIncoming;
    mdcKey = mdcKey == null || mdcKey.isBlank() ? "requestId" : mdcKey.trim();
    if (!header.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("header must be a header name such as X-Request-Id");
    }
  }

  /** The defaults. */
  public static RequestIdConfig defaults() {
    return new RequestIdConfig(null, null, null, null);
  }
}
