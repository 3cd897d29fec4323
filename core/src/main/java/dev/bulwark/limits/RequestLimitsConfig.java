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
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(RequestLimitsConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link RequestLimitsConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private Boolean enabled;
    private Long maxBodyBytes;
    private Integer maxUrlLength;
    private Integer maxHeaderCount;
    private Integer maxHeaderBytes;
    private List<String> jsonPaths;
    private JsonLimitsConfig json;
    private List<String> allowedMethods;

    private Builder() {}

    private Builder(RequestLimitsConfig base) {
      enabled = base.enabled();
      maxBodyBytes = base.maxBodyBytes();
      maxUrlLength = base.maxUrlLength();
      maxHeaderCount = base.maxHeaderCount();
      maxHeaderBytes = base.maxHeaderBytes();
      jsonPaths = base.jsonPaths();
      json = base.json();
      allowedMethods = base.allowedMethods();
    }

    /** Whether the limits apply; default {@code true}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The largest request body, counted as it streams (chunked bodies included); 413 beyond it; default 10
     * MiB.
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The longest path plus query string; 414 beyond it; default 8,192. */
    public Builder maxUrlLength(int maxUrlLength) {
      this.maxUrlLength = maxUrlLength;
      return this;
    }

    /** The most request header lines; 431 beyond it; default 100. */
    public Builder maxHeaderCount(int maxHeaderCount) {
      this.maxHeaderCount = maxHeaderCount;
      return this;
    }

    /**
     * The most bytes of header names and values together; 431 beyond it; default 32 KiB (containers usually
     * refuse less already).
     */
    public Builder maxHeaderBytes(int maxHeaderBytes) {
      this.maxHeaderBytes = maxHeaderBytes;
      return this;
    }

    /**
     * Path patterns of JSON endpoints: a request with a body must declare {@code application/json} (or {@code
     * +json}); 415 otherwise; default none.
     */
    public Builder jsonPaths(String... jsonPaths) {
      this.jsonPaths = List.of(jsonPaths);
      return this;
    }

    /**
     * Limits of the JSON parser, for documents within the body limit; default {@link
     * JsonLimitsConfig#defaults()}.
     */
    public Builder json(JsonLimitsConfig json) {
      this.json = json;
      return this;
    }

    /**
     * The request methods the service accepts at all; any other ({@code TRACE}, {@code TRACK}, {@code
     * CONNECT}, an invented one) is refused with 405 and an {@code Allow} header before the application sees
     * it. Add WebDAV's methods here if the application serves them; default {@code GET, HEAD, POST, PUT,
     * PATCH, DELETE, OPTIONS}.
     */
    public Builder allowedMethods(String... allowedMethods) {
      this.allowedMethods = List.of(allowedMethods);
      return this;
    }

    /**
     * Returns the RequestLimitsConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public RequestLimitsConfig build() {
      return new RequestLimitsConfig(
          enabled, maxBodyBytes, maxUrlLength, maxHeaderCount, maxHeaderBytes, jsonPaths, json, allowedMethods);
    }
  }
}
