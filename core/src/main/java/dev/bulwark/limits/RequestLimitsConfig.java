package dev.bulwark.limits;

import dev.bulwark.path.PathPattern;
import java.util.List;

/**
 * Limits checked before the application parses anything ({@code bulwark.limits.*}). The defaults
 * are far above what a normal request needs and far below what a flood sends.
 *
 * @param enabled whether the limits apply; default {@code true}
 * @param maxBodyBytes the largest request body, counted as it streams (chunked bodies included);
 *     413 beyond it; default 10 MiB
 * @param maxUrlLength the longest path plus query string; 414 beyond it; default 8,192
 * @param maxHeaderCount the most request header lines; 431 beyond it; default 100
 * @param maxHeaderBytes the most bytes of header names and values together; 431 beyond it; default
 *     32 KiB (containers usually refuse less already)
 * @param jsonPaths path patterns of JSON endpoints: a request with a body must declare {@code
 *     application/json} (or {@code +json}); 415 otherwise; default none
 * @param json limits of the JSON parser, for documents within the body limit
 * @param allowedMethods the request methods the service accepts at all; any other ({@code TRACE},
 *     {@code TRACK}, {@code CONNECT}, an invented one) is refused with 405 and an {@code Allow}
 *     header before the application sees it. Add WebDAV's methods here if the application serves
 *     them; default {@code GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS}
 */
public record RequestLimitsConfig(
    Boolean enabled,
    Long maxBodyBytes,
    Integer maxUrlLength,
    Integer maxHeaderCount,
    Integer maxHeaderBytes,
    List<String> jsonPaths,
    JsonLimitsConfig json,
    List<String> allowedMethods) {

  /** The methods accepted when none are configured. */
  public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Applies defaults and checks the values. */
  public RequestLimitsConfig {
    enabled = enabled == null || enabled;
    maxBodyBytes = maxBodyBytes == null ? 10L * 1024 * 1024 : maxBodyBytes;
    maxUrlLength = maxUrlLength == null ? 8192 : maxUrlLength;
    maxHeaderCount = maxHeaderCount == null ? 100 : maxHeaderCount;
    maxHeaderBytes = maxHeaderBytes == null ? 32 * 1024 : maxHeaderBytes;
    jsonPaths = jsonPaths == null ? List.of() : List.copyOf(jsonPaths);
    json = json == null ? JsonLimitsConfig.defaults() : json;
    allowedMethods =
        allowedMethods == null || allowedMethods.isEmpty()
            ? DEFAULT_METHODS
            : allowedMethods.stream().map(String::trim).toList();
    for (String method : allowedMethods) {
      if (!method.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}")) {
        throw new IllegalArgumentException("allowed-methods: '" + method + "' is not an HTTP method name");
      }
    }
    if (maxBodyBytes < 0 || maxUrlLength < 16 || maxHeaderCount < 8 || maxHeaderBytes < 1024) {
      throw new IllegalArgumentException(
          "limits too small to serve any request: max-body-bytes >= 0, max-url-length >= 16,"
              + " max-header-count >= 8, max-header-bytes >= 1024");
    }
    jsonPaths.forEach(PathPattern::of);
  }

  /** The defaults. */
  public static RequestLimitsConfig defaults() {
    return new RequestLimitsConfig(null, null, null, null, null, null, null, null);
  }
}
