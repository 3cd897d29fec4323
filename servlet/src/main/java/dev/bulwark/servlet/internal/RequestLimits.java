package dev.bulwark.servlet.internal;

import dev.bulwark.internal.Utf8Validator;
import dev.bulwark.limits.ContentTypes;
import dev.bulwark.limits.QueryStrings;
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
 * and size (431), a second {@code Authorization}, {@code Proxy-Authorization}, {@code Content-Type}
 * or {@code Host} (400), a method the service does not accept (405), {@code Content-Length} together
 * with {@code Transfer-Encoding} (400), a {@code Content-Type} that is not one concrete media type
 * or declares an unknown charset, or a charset other than UTF-8 for JSON (400, 415), declared body
 * size (413), JSON content type on JSON endpoints (415), the streamed body size for bodies without
 * a length, and well-formed UTF-8 in JSON bodies as they stream (400).
 *
 * <p>The {@code Content-Type} is read as the raw header, never through {@code getContentType()}:
 * Jetty parses the charset there and throws for one the JVM does not know.
 */
public final class RequestLimits {

  /** The request attribute set (to the limit, a {@code Long}) once a streamed body went past it. */
  public static final String EXCEEDED_ATTRIBUTE = "dev.bulwark.bodyTooLarge";

  /** The request attribute set (to {@code Boolean.TRUE}) once a JSON body turned out not to be UTF-8. */
  public static final String INVALID_ENCODING_ATTRIBUTE = "dev.bulwark.invalidEncoding";

  private final boolean enabled;
  private final long maxBody;
  private final int maxUrl;
  private final int maxHeaders;
  private final int maxHeaderBytes;
  private final PathPattern[] jsonPaths;
  private final java.util.Set<String> methods;
  private final String allow;

  public RequestLimits(RequestLimitsConfig config) {
    this(
        config.enabled(),
        config.maxBodyBytes(),
        config.maxUrlLength(),
        config.maxHeaderCount(),
        config.maxHeaderBytes(),
        config.jsonPaths().stream().map(PathPattern::of).toArray(PathPattern[]::new),
        java.util.Set.copyOf(config.allowedMethods()));
  }

  private RequestLimits(
      boolean enabled,
      long maxBody,
      int maxUrl,
      int maxHeaders,
      int maxHeaderBytes,
      PathPattern[] jsonPaths,
      java.util.Set<String> methods) {
    this.enabled = enabled;
    this.maxBody = maxBody;
    this.maxUrl = maxUrl;
    this.maxHeaders = maxHeaders;
    this.maxHeaderBytes = maxHeaderBytes;
    this.jsonPaths = jsonPaths;
    this.methods = methods;
    this.allow = String.join(", ", new java.util.TreeSet<>(methods));
  }

  /** Returns the same limits with another body limit, for a path that overrides it. */
  public RequestLimits withMaxBody(long maxBodyBytes) {
    return new RequestLimits(enabled, maxBodyBytes, maxUrl, maxHeaders, maxHeaderBytes, jsonPaths, methods);
  }

  /** Returns the {@code Allow} header for a refused method: the accepted methods. */
  public String allow() {
    return allow;
  }

  /** Returns the accepted methods. */
  public java.util.Set<String> methods() {
    return methods;
  }


  /** Returns the problem a request breaks, or {@code null}. */
  public Problem check(HttpServletRequest request, String path) {
    if (!enabled) {
      return null;
    }
    if (!methods.contains(request.getMethod())) {
      return Problems.methodNotAllowed();
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
      int lines = 0;
      while (values.hasMoreElements()) {
        String value = values.nextElement();
        count++;
        lines++;
        bytes += name.length() + (value == null ? 0 : value.length()) + 4;
      }
      if (count > maxHeaders || bytes > maxHeaderBytes) {
        return Problems.headersTooLarge();
      }
      if (lines > 1 && isSingleton(name)) {
        return Problems.duplicateHeader();
      }
    }
    if (request.getHeader("Transfer-Encoding") != null && request.getHeader("Content-Length") != null) {
      // RFC 9112 lets a server read such a request by its transfer coding; refusing it is the one
      // answer that holds whatever a proxy in front of the application made of it.
      return Problems.ambiguousFraming();
    }
    String contentType = request.getHeader("Content-Type");
    Problem mediaType = ContentTypes.check(contentType);
    if (mediaType != null) {
      return mediaType;
    }
    Problem accept = ContentTypes.checkAccept(request.getHeader("Accept"));
    if (accept != null) {
      return accept;
    }
    Problem malformedQuery = QueryStrings.check(query);
    if (malformedQuery != null) {
      return malformedQuery;
    }
    long declared = request.getContentLengthLong();
    if (maxBody == 0 && hasBody(request, declared)) {
      return Problems.bodyNotAccepted();
    }
    if (declared > maxBody) {
      return Problems.bodyTooLarge(maxBody);
    }
    if (jsonPaths.length > 0 && hasBody(request, declared) && isJsonPath(path) && !ContentTypes.isJson(contentType)) {
      return Problems.jsonRequired();
    }
    return null;
  }

  /**
   * Wraps the request so that reading past the limit fails, and reading a JSON body that is not
   * well-formed UTF-8 (which RFC 8259 requires) fails too; or returns it as it is.
   */
  public HttpServletRequest limit(HttpServletRequest request) {
    if (!enabled || !hasBody(request, request.getContentLengthLong())) {
      return request;
    }
    // check() refused every JSON type that declares a charset other than UTF-8.
    return new LimitedRequest(request, maxBody, ContentTypes.isJson(request.getHeader("Content-Type")));
  }

  /**
   * Returns the problem for a body whose reading failed here (past the limit, or not UTF-8), or
   * {@code null}: the cause to answer with when the application or its framework turned the
   * failed read into an error of its own.
   */
  public static Problem readFailure(HttpServletRequest request) {
    if (request.getAttribute(EXCEEDED_ATTRIBUTE) instanceof Long limit) {
      return Problems.bodyTooLarge(limit);
    }
    if (request.getAttribute(INVALID_ENCODING_ATTRIBUTE) != null) {
      return Problems.invalidEncoding();
    }
    return null;
  }

  /**
   * Fields that must appear at most once (RFC 9110) and that decide who calls or how the body is
   * read: with two, a proxy that checks one and an application that uses the other disagree.
   */
  private static boolean isSingleton(String name) {
    return name.equalsIgnoreCase("Authorization")
        || name.equalsIgnoreCase("Proxy-Authorization")
        || name.equalsIgnoreCase("Content-Type")
        || name.equalsIgnoreCase("Host");
  }

  private boolean isJsonPath(String path) {
    return PathPattern.anyMatches(jsonPaths, path);
  }

  private static boolean hasBody(HttpServletRequest request, long declared) {
    return declared > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** Thrown to the application when its read goes past the limit. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("request body larger than " + limit + " bytes");
    }
  }

  /** Thrown to the application when a JSON body it reads is not well-formed UTF-8. */
  public static final class InvalidEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidEncodingException() {
      super("request body is not well-formed UTF-8");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private final boolean utf8;
    private CountingStream stream;
    private BufferedReader reader;

    LimitedRequest(HttpServletRequest request, long limit, boolean utf8) {
      super(request);
      this.limit = limit;
      this.utf8 = utf8;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit, this, utf8 ? new Utf8Validator() : null);
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
    private final Utf8Validator utf8;
    private long count;

    CountingStream(ServletInputStream delegate, long limit, HttpServletRequest request, Utf8Validator utf8) {
      this.delegate = delegate;
      this.limit = limit;
      this.request = request;
      this.utf8 = utf8;
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

    private void invalid() throws InvalidEncodingException {
      request.setAttribute(INVALID_ENCODING_ATTRIBUTE, Boolean.TRUE);
      throw new InvalidEncodingException();
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        add(1);
        if (utf8 != null && !utf8.accept(b)) {
          invalid();
        }
      } else if (utf8 != null && !utf8.complete()) {
        invalid();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = delegate.read(buffer, offset, length);
      add(read);
      if (utf8 != null) {
        if (read > 0 ? !utf8.accept(buffer, offset, read) : read < 0 && !utf8.complete()) {
          invalid();
        }
      }
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
