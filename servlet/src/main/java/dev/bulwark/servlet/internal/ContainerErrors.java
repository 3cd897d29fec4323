package dev.bulwark.servlet.internal;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.CspNonce;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.headers.ResponseKind;
import dev.bulwark.net.HostNames;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.ProblemWriter;
import dev.bulwark.problem.Problems;
import dev.bulwark.requestid.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to an error the container produced itself, outside any filter (a malformed request
 * line, header or URI, a header block over the container's limit, a request no context serves):
 * the same problem document or minimal HTML page and security headers the filter writes, with a
 * request id, and nothing the container would have echoed (URI, reason, exception, version).
 * Shared by the Jetty error handler and the Tomcat error report valve, which know nothing of each
 * other's types.
 */
public final class ContainerErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerErrors.class);

  private final boolean enabled;
  private final HeaderPolicy headers;
  private final RequestIds requestIds;
  private final String requestIdHeader;
  private final SecurityEvents events;
  private final Set<String> methods;
  private final String allow;

  private ContainerErrors(BulwarkConfig config, SecurityEvents events) {
    this.events = events;
    this.enabled = config.enabled();
    this.headers = HeaderPolicy.compile(config.headers(), "bulwark.headers");
    this.requestIds = config.requestId().enabled() ? RequestIds.compile(config.requestId()) : null;
    this.requestIdHeader = config.requestId().header();
    this.methods = Set.copyOf(config.limits().allowedMethods());
    this.allow = String.join(", ", new TreeSet<>(methods));
  }

  /** Returns the name of the request id header. */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /** Compiles the configuration; a bad setting fails here, naming it. Counts nothing. */
  public static ContainerErrors compile(BulwarkConfig config) {
    return new ContainerErrors(config, null);
  }

  /**
   * Compiles the configuration, counting the malformed requests the container refuses as {@link
   * SecurityEvent#INVALID_INPUT} in {@code events} (the filter's, so they show in the same meter).
   */
  public static ContainerErrors compile(BulwarkConfig config, SecurityEvents events) {
    return new ContainerErrors(config, events);
  }

  /**
   * Whether a status the container answered by itself means the request was malformed: a bad
   * request line, header or framing (400, 411, 501 for an unknown transfer coding), a URI or
   * header block over the container's limits (414, 431, 413 where a container uses it for headers),
   * a failed expectation (417) or an unsupported HTTP version (505). A 404 for a path no context
   * serves, or a 500, is not the client's malformed input.
   */
  static boolean isMalformedRequest(int status) {
    return switch (status) {
      case 400, 411, 413, 414, 417, 431, 501, 505 -> true;
      default -> false;
    };
  }

  /**
   * Whether the container's 501 means "method not implemented": a 501 for a method outside the
   * accepted ones (Tomcat answers {@code CONNECT} so at the connector, a servlet any method it does
   * not know). The filter, had it run, would have answered 405, so the client gets that 405, and
   * not a 5xx for the alerts. A 501 for a method the service accepts is not about the method:
   * Tomcat's answer to an unknown {@code Transfer-Encoding} on a {@code POST} (which RFC 9112
   * prescribes) or the application's own; it stays. Other statuses stay too: Jetty refuses a
   * {@code CONNECT} it cannot parse with 400 and has lost the method by then (its error request
   * carries a placeholder), so a 400 cannot be told from any other malformed request.
   *
   * @param status the status the container set
   * @param method the request's method, or {@code null} when the container did not parse one
   * @param accepted the methods the service accepts ({@code bulwark.limits.allowed-methods})
   */
  public static boolean refusesMethod(int status, String method, Set<String> accepted) {
    return status == 501 && method != null && !method.isEmpty() && !accepted.contains(method);
  }

  /**
   * One error answer.
   *
   * @param status the status code
   * @param html whether the body is the HTML page rather than the problem document
   * @param requestId the request id, or {@code null} when request ids are off
   * @param allow the {@code Allow} header of a refused method, else {@code null}
   * @param body the body
   */
  public record Answer(int status, boolean html, String requestId, String allow, byte[] body) {

    /** Returns the {@code Content-Type} of the body. */
    public String contentType() {
      return html ? "text/html;charset=UTF-8" : Problem.MEDIA_TYPE;
    }
  }

  /**
   * The problem for an error status a container or framework set: its own for a 4xx or 5xx, the
   * generic internal error for 500 and for anything that is not an error status.
   */
  public static Problem problemFor(int status) {
    return status >= 400 && status <= 599 && status != 500 ? Problem.ofStatus(status) : Problems.internalError();
  }

  /**
   * Returns the answer to an error status.
   *
   * @param status the container's status; anything below 400 is treated as a server error
   * @param method the request's method, or {@code null} when there is no request yet
   * @param accept the request's {@code Accept}, or {@code null}
   * @param incomingId the request's request id header, or {@code null}
   * @param traceparent the request's {@code traceparent}, or {@code null}
   */
  public Answer answer(int status, String method, String accept, String incomingId, String traceparent) {
    boolean methodRefused = refusesMethod(status, method, methods);
    Problem problem = methodRefused ? Problems.methodNotAllowed() : problemFor(status);
    int code = problem.status();
    if (events != null && (methodRefused || isMalformedRequest(code))) {
      events.record(SecurityEvent.INVALID_INPUT);
    }
    String requestId = requestIds == null ? null : requestIds.choose(incomingId, traceparent);
    if (requestId != null) {
      problem = problem.with("requestId", requestId);
    }
    boolean html = ProblemResponses.prefersHtml(accept);
    String body = html ? ProblemWriter.toHtml(problem) : ProblemWriter.toJson(problem);
    // Rejections the container makes are cheap to provoke: never above debug.
    LOG.debug("The container answered {} itself (request {})", code, requestId);
    return new Answer(code, html, requestId, methodRefused ? allow : null, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes the request id and the security headers for an answer.
   *
   * @param secure whether the connection is HTTPS (HSTS is sent only then)
   * @param hostName the requested host name, or {@code null}; never HSTS for a loopback name
   */
  public void writeHeaders(Answer answer, boolean secure, String hostName, HeaderWriter out) {
    if (answer.requestId() != null) {
      out.set(requestIdHeader, answer.requestId());
    }
    if (answer.allow() != null) {
      out.set("Allow", answer.allow());
    }
    if (enabled) {
      boolean localHost = hostName == null || HostNames.isLocal(hostName);
      headers.apply(answer.html() ? ResponseKind.HTML : ResponseKind.OTHER, secure, localHost, new CspNonce(), out);
    }
  }
}
