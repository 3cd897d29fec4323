package dev.bulwark.servlet.internal;

import dev.bulwark.limits.RequestLimitsConfig;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * Request limits checked before the application parses anything: URL length (414), header count
 * and size (431), declared body size (413), JSON content type on JSON endpoints (415), and the
 * streamed body size for bodies without a length.
 */
public final class RequestLimits {

  /** The request attribute set (to the limit, a {@code Long}) once a streamed body went past it. */
  public static final String EXCEEDED_ATTRIBUTE = "dev.bulwark.bodyTooLarge";

  private final boolean enabled;
  private final long maxBody;
  private final int maxUrl;
  private final int maxHeaders;
  private final int maxHeaderBytes;
  private final PathPattern[] jsonPaths;

  public RequestLimits(RequestLimitsConfig config) {
    this(
        config.enabled(),
        config.maxBodyBytes(),
        config.maxUrlLength(),
        config.maxHeaderCount(),
        config.maxHeaderBytes(),
        config.jsonPaths().stream().map(PathPattern::of).toArray(PathPattern[]::new));
  }

  private RequestLimits(
      boolean enabled, long maxBody, int maxUrl, int maxHeaders, int maxHeaderBytes, PathPattern[] jsonPaths) {
    this.enabled = enabled;
    this.maxBody = maxBody;
    this.maxUrl = maxUrl;
    this.maxHeaders = maxHeaders;
    this.maxHeaderBytes = maxHeaderBytes;
    this.jsonPaths = jsonPaths;
  }

  /** Returns the same limits with another body limit, for a path that overrides it. */
  public RequestLimits withMaxBody(long maxBodyBytes) {
    return new RequestLimits(enabled, maxBodyBytes, maxUrl, maxHeaders, maxHeaderBytes, jsonPaths);
  }


  /** Returns the problem a request breaks, or {@code null}. */
  public Problem check(HttpServletRequest request, String path) {
    if (!enabled) {
      return null;
    }
    String query = request.getQueryString();
    int urlLength = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
    if (urlLength > maxUrl) {
      return Problems.urlTooLong(maxUrl);
    }
    int count = 0;
    long bytes = 0;
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values.hasMoreElements()) {
        String value = values.nextElement();
        count++;
        bytes += name.length() + (value == null ? 0 : value.length()) + 4;
      }
      if (count > maxHeaders || bytes > maxHeaderBytes) {
        return Problems.headersTooLarge();
      }
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBody) {
      return Problems.bodyTooLarge(maxBody);
    }
    if (jsonPaths.length > 0 && hasBody(request, declared) && isJsonPath(path) && !isJson(request.getContentType())) {
      return Problems.jsonRequired();
    }
    return null;
  }

  /** Wraps the request so that reading past the limit fails, or returns it as it is. */
  public HttpServletRequest limit(HttpServletRequest request) {
    if (!enabled || !hasBody(request, request.getContentLengthLong())) {
      return request;
    }
    return new LimitedRequest(request, maxBody);
  }

  /** Returns the problem for a body that went past the limit while streaming. */
  public Problem exceeded() {
    return Problems.bodyTooLarge(maxBody);
  }

  private boolean isJsonPath(String path) {
    for (PathPattern pattern : jsonPaths) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasBody(HttpServletRequest request, long declared) {
    return declared > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/json") || type.regionMatches(true, Math.max(0, type.length() - 5), "+json", 0, 5);
  }

  /** Thrown to the application when its read goes past the limit. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("request body larger than " + limit + " bytes");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private CountingStream stream;
    private BufferedReader reader;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit, this);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
      return reader;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long limit;
    private final HttpServletRequest request;
    private long count;

    CountingStream(ServletInputStream delegate, long limit, HttpServletRequest request) {
      this.delegate = delegate;
      this.limit = limit;
      this.request = request;
    }

    private void add(long read) throws BodyTooLargeException {
      if (read > 0) {
        count += read;
        if (count > limit) {
          request.setAttribute(EXCEEDED_ATTRIBUTE, limit);
          throw new BodyTooLargeException(limit);
        }
      }
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = delegate.read(buffer, offset, length);
      add(read);
      return read;
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
