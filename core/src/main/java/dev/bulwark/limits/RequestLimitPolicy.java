package dev.bulwark.limits;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.RequestView;
import dev.bulwark.http.Stage;
import dev.bulwark.http.Verdict;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Request limits checked before the application parses anything: a method the service does not
 * accept (405), URL length (414), header count and size (431), a second {@code Authorization},
 * {@code Proxy-Authorization}, {@code Content-Type} or {@code Host} (400), {@code Content-Length}
 * together with {@code Transfer-Encoding} (400), a {@code Content-Type} or {@code Accept} that does
 * not parse or names a charset JSON cannot be read in (400, 415, 406), a query string with broken
 * escapes (400), the declared body size (413) and a JSON content type on JSON endpoints (415). The
 * body itself is counted, and checked for UTF-8 when it is JSON, as it streams: see {@link
 * #meter}.
 *
 * <p>The {@code Content-Type} is judged from the raw header: a server's parsed content type may
 * throw for a charset the JVM does not know.
 */
public final class RequestLimitPolicy implements Stage {

  private final boolean enabled;
  private final int maxUrl;
  private final int maxHeaders;
  private final int maxHeaderBytes;
  private final PathPattern[] jsonPaths;
  private final Set<String> methods;
  private final String allow;

  private RequestLimitPolicy(RequestLimitsConfig config) {
    this.enabled = config.enabled();
    this.maxUrl = config.maxUrlLength();
    this.maxHeaders = config.maxHeaderCount();
    this.maxHeaderBytes = config.maxHeaderBytes();
    this.jsonPaths = config.jsonPaths().stream().map(PathPattern::of).toArray(PathPattern[]::new);
    this.methods = Set.copyOf(config.allowedMethods());
    this.allow = String.join(", ", new TreeSet<>(methods));
  }

  /** Compiles the limits; the body limit itself is the path policy's. */
  public static RequestLimitPolicy compile(RequestLimitsConfig config) {
    return new RequestLimitPolicy(config);
  }

  /** Returns whether the limits apply at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Returns the {@code Allow} header for a refused method: the accepted methods, sorted. */
  public String allow() {
    return allow;
  }

  /** Returns the accepted methods. */
  public Set<String> methods() {
    return methods;
  }

  @Override
  public Verdict apply(Exchange exchange) {
    Problem problem = check(exchange.view(), exchange.path(), exchange.policy().maxBodyBytes());
    if (problem == null) {
      return Verdict.CONTINUE;
    }
    if (problem.status() == 405) {
      exchange.headers().set("Allow", allow);
    }
    return Verdict.refuse(problem, SecurityEvent.INVALID_INPUT);
  }

  private Problem check(RequestView request, String path, long maxBody) {
    if (!enabled) {
      return null;
    }
    if (!methods.contains(request.method())) {
      return Problems.methodNotAllowed();
    }
    String query = request.queryString();
    int urlLength = request.requestUri().length() + (query == null ? 0 : query.length() + 1);
    if (urlLength > maxUrl) {
      return Problems.urlTooLong(maxUrl);
    }
    int count = 0;
    long bytes = 0;
    Iterator<String> names = request.headerNames();
    while (names != null && names.hasNext()) {
      String name = names.next();
      Iterator<String> values = request.headers(name);
      int lines = 0;
      while (values != null && values.hasNext()) {
        String value = values.next();
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
    if (request.header("Transfer-Encoding") != null && request.header("Content-Length") != null) {
      // RFC 9112 lets a server read such a request by its transfer coding; refusing it is the one
      // answer that holds whatever a proxy in front of the application made of it.
      return Problems.ambiguousFraming();
    }
    String contentType = request.header("Content-Type");
    Problem mediaType = ContentTypes.check(contentType);
    if (mediaType != null) {
      return mediaType;
    }
    Problem accept = ContentTypes.checkAccept(request.header("Accept"));
    if (accept != null) {
      return accept;
    }
    Problem malformedQuery = QueryStrings.check(query);
    if (malformedQuery != null) {
      return malformedQuery;
    }
    long declared = request.contentLength();
    boolean hasBody = hasBody(request, declared);
    if (maxBody == 0 && hasBody) {
      return Problems.bodyNotAccepted();
    }
    if (declared > maxBody) {
      return Problems.bodyTooLarge(maxBody);
    }
    if (jsonPaths.length > 0 && hasBody && PathPattern.anyMatches(jsonPaths, path) && !ContentTypes.isJson(contentType)) {
      return Problems.jsonRequired();
    }
    return null;
  }

  /**
   * Returns the meter the host passes every byte of the request body through, or {@code null}
   * when the request has no body or limits are off: it fails a read past the path's limit, and a
   * JSON body that is not well-formed UTF-8 (which RFC 8259 requires), and records why on the
   * exchange.
   */
  public BodyMeter meter(Exchange exchange) {
    RequestView request = exchange.view();
    if (!enabled || !hasBody(request, request.contentLength())) {
      return null;
    }
    // apply() refused every JSON type that declares a charset other than UTF-8.
    return new BodyMeter(exchange, exchange.policy().maxBodyBytes(), ContentTypes.isJson(request.header("Content-Type")));
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

  private static boolean hasBody(RequestView request, long declared) {
    return declared > 0 || request.header("Transfer-Encoding") != null;
  }
}
