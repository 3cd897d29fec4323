package dev.bulwark.http;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.net.ClientIpResolver;
import dev.bulwark.net.HeaderLookup;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import dev.bulwark.requestid.RequestIds;
import dev.bulwark.validate.InvalidInputException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bulwark's front door, independent of any server: a host adapts its request to a {@link
 * RequestView}, calls {@link #begin}, {@link #admit}, runs the application when admitted, and
 * calls {@link #end} with the final status.
 *
 * <pre>{@code
 * Exchange exchange = pipeline.begin(view, headers);
 * Verdict verdict = pipeline.admit(exchange);
 * try {
 *   if (verdict.continues()) { ...run the application... } else { ...write the verdict... }
 * } catch (Exception e) {
 *   Problem problem = pipeline.failed(exchange, e);  // then write it, unless the response is committed
 * } finally {
 *   pipeline.end(exchange, status);
 * }
 * }</pre>
 *
 * <p>The pipeline is the failure boundary for everything Bulwark reads before the application:
 * whatever throws while the path, the client, the request id or a stage reads the request is the
 * client's input, answered as a 400 {@code malformed-request}, counted and logged without a stack
 * trace. Refusals are counted as their verdict's event here, once, whichever stage gave them.
 * Built once by the assembly; thread-safe.
 */
public final class RequestPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

  private record PathOverride(PathPattern[] patterns, PathPolicy policy) {}

  private record Bodyless(PathPattern[] patterns, Map<PathPolicy, PathPolicy> twins) {}

  private final ClientIpResolver clientIp;
  private final RequestIds requestIds;
  private final String requestIdHeader;
  private final String mdcKey;
  private final PathPolicy root;
  private final PathOverride[] overrides;
  private final Stage[] stages;
  private final SecurityEvents events;
  private final RefusalObserver observer;
  private volatile Bodyless bodyless;

  private RequestPipeline(Builder builder) {
    this.clientIp = builder.clientIp;
    this.requestIds = builder.requestIds;
    this.requestIdHeader = builder.requestIdHeader;
    this.mdcKey = builder.mdcKey;
    this.root = builder.root;
    this.overrides = builder.overrides.toArray(PathOverride[]::new);
    this.stages = builder.stages.toArray(Stage[]::new);
    this.events = builder.events;
    RefusalObserver observer = builder.observer;
    SecurityEvents counted = builder.events;
    this.observer =
        observer == null
            ? null
            : (exchange, verdict) -> {
              counted.record(SecurityEvent.WOULD_REFUSE);
              observer.wouldRefuse(exchange, verdict);
            };
  }

  /** Starts a pipeline. */
  public static Builder builder(ClientIpResolver clientIp, PathPolicy root, SecurityEvents events) {
    return new Builder(clientIp, root, events);
  }

  /** Builds a {@link RequestPipeline}. */
  public static final class Builder {
    private final ClientIpResolver clientIp;
    private final PathPolicy root;
    private final SecurityEvents events;
    private final List<PathOverride> overrides = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private RequestIds requestIds;
    private String requestIdHeader = "X-Request-Id";
    private String mdcKey = "requestId";
    private RefusalObserver observer;

    private Builder(ClientIpResolver clientIp, PathPolicy root, SecurityEvents events) {
      this.clientIp = clientIp;
      this.root = root;
      this.events = events;
    }

    /** Gives each request an id (trusted from the header, or new), echoed in the header and the MDC. */
    public Builder requestIds(RequestIds ids, String header, String mdcKey) {
      this.requestIds = ids;
      this.requestIdHeader = header;
      this.mdcKey = mdcKey;
      return this;
    }

    /** Applies another policy to paths matching the patterns; the first matching override wins. */
    public Builder pathPolicy(List<String> patterns, PathPolicy policy) {
      overrides.add(new PathOverride(patterns.stream().map(PathPattern::of).toArray(PathPattern[]::new), policy));
      return this;
    }

    /**
     * Observes instead of enforcing: every refusal and redirect a stage gives, and a request
     * Bulwark cannot read, is counted as {@code would_refuse}, handed to the observer and let
     * through. Answers that allow more than the application would (a CORS preflight) and
     * hand-offs to Bulwark's own endpoints still happen.
     */
    public Builder observe(RefusalObserver observer) {
      this.observer = observer;
      return this;
    }

    /** Appends a stage; stages run in the order added. */
    public Builder stage(Stage stage) {
      stages.add(stage);
      return this;
    }

    public RequestPipeline build() {
      return new RequestPipeline(this);
    }
  }

  /** The event counters refusals are recorded into. */
  public SecurityEvents events() {
    return events;
  }

  /** The request id header, whose value {@link #begin} sets on the response. */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /**
   * Learns what the stages need of a request: its path and policies, the client behind it, its
   * request id (set on the response and bound to the MDC until {@link #end}). Never throws: a
   * request that cannot be read yields an exchange that {@link #admit} refuses as malformed.
   *
   * @param view the request
   * @param headers where response headers go
   */
  public Exchange begin(RequestView view, HeaderWriter headers) {
    String requestId = null;
    try {
      String path = view.path();
      PathPolicy policy = policyFor(path);
      ClientInfo client = clientIp.resolve(view.remoteAddress(), view.secure(), listHeaders(view));
      if (client.forwardedByUntrustedPeer()) {
        events.record(SecurityEvent.UNTRUSTED_FORWARDED);
      }
      if (requestIds != null) {
        requestId = chooseRequestId(view);
        bind(requestId);
        headers.set(requestIdHeader, requestId);
      }
      return new Exchange(view, headers, path, policy, client, requestId, true, observer);
    } catch (RuntimeException e) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("Refused an unreadable request (request {}): {}", requestId, e.getClass().getName());
      }
      return unreadable(view, headers, requestId);
    }
  }

  /**
   * Learns what answering the server's error dispatch needs (the policies of the original path,
   * the client, the id the request already had), running no stage and binding nothing.
   *
   * @param path the original request's path within the application
   * @param requestId the id given when the request came in, or {@code null} for a new one
   */
  public Exchange beginErrorDispatch(RequestView view, HeaderWriter headers, String path, String requestId) {
    try {
      ClientInfo client = clientIp.resolve(view.remoteAddress(), view.secure(), listHeaders(view));
      if (requestId == null && requestIds != null) {
        requestId = chooseRequestId(view);
      }
      if (requestId != null) {
        headers.set(requestIdHeader, requestId);
      }
      return new Exchange(view, headers, path, policyFor(path), client, requestId, true, observer);
    } catch (RuntimeException e) {
      return unreadable(view, headers, requestId);
    }
  }

  private Exchange unreadable(RequestView view, HeaderWriter headers, String requestId) {
    boolean secure;
    try {
      secure = view.secure();
    } catch (RuntimeException e) {
      secure = false;
    }
    return new Exchange(view, headers, "/", root, new ClientInfo("", secure, "", false), requestId, false, observer);
  }

  /**
   * Runs the stages in order until one answers. Returns {@link Verdict#CONTINUE} when the
   * application may handle the request.
   */
  public Verdict admit(Exchange exchange) {
    if (!exchange.readable()) {
      return observed(exchange, malformed());
    }
    for (Stage stage : stages) {
      Verdict verdict = judge(exchange, stage);
      if (!verdict.continues()) {
        return verdict;
      }
    }
    return Verdict.CONTINUE;
  }

  /**
   * Runs one stage after the others, later in the request's life (the rate-limit rules keyed by
   * the signed-in user, or one handler's rule), under the same failure boundary and counting.
   */
  public Verdict admitLate(Exchange exchange, Stage stage) {
    return judge(exchange, stage);
  }

  private Verdict judge(Exchange exchange, Stage stage) {
    Verdict verdict;
    try {
      verdict = stage.apply(exchange);
    } catch (RuntimeException e) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("Refused an unreadable request (request {}): {}", exchange.requestId(), e.getClass().getName());
      }
      verdict = malformed();
    }
    return observed(exchange, verdict);
  }

  /**
   * Counts a refusal as its event; in observe mode, counts it as {@code would_refuse} instead,
   * reports it and lets the request through. A redirect (3xx) is observed too; other bodiless
   * answers (a CORS preflight the configuration allows) are not refusals.
   */
  private Verdict observed(Exchange exchange, Verdict verdict) {
    boolean refusal =
        verdict.kind() == Verdict.Kind.REFUSE
            || verdict.kind() == Verdict.Kind.ANSWER && verdict.status() >= 300 && verdict.status() < 400;
    if (!refusal) {
      return verdict;
    }
    if (observer == null) {
      if (verdict.event() != null) {
        events.record(verdict.event());
      }
      return verdict;
    }
    observer.wouldRefuse(exchange, verdict);
    return Verdict.CONTINUE;
  }

  private Verdict malformed() {
    return Verdict.refuse(Problems.malformedRequest(), SecurityEvent.INVALID_INPUT);
  }

  /**
   * Decides the answer to an exception the application (or a filter after Bulwark) threw before
   * committing a response, counting and logging it: a body that failed Bulwark's limits, an
   * authorisation refusal, invalid input, a request the server or framework could not parse (all
   * the client's errors, a 4xx without a stack trace), or anything else (a 500, logged with its
   * trace). Returns {@code null} for a failure of the JVM itself, which the host rethrows.
   */
  public Problem failed(Exchange exchange, Throwable e) {
    if (e instanceof OutOfMemoryError || e instanceof InternalError) {
      return null;
    }
    Problem bodyFailure = exchange.bodyFailure();
    if (bodyFailure != null) {
      // Counted when the exchange ends, however the application answered it.
      return bodyFailure;
    }
    AuthorizationException refused = cause(e, AuthorizationException.class);
    if (refused != null) {
      // Already audited and counted by the guard.
      return refused.toProblem();
    }
    InvalidInputException invalid = cause(e, InvalidInputException.class);
    if (invalid != null) {
      events.record(SecurityEvent.INVALID_INPUT);
      return invalid.toProblem();
    }
    if (ClientErrors.isClientError(e)) {
      // The server or framework could not parse the client's request: its error, not ours, and
      // cheap to provoke, so no stack trace.
      events.record(SecurityEvent.INVALID_INPUT);
      LOG.debug("Refused a request the application could not parse (request {}): {}", exchange.requestId(), e.getClass().getName());
      return Problems.malformedRequest();
    }
    events.record(SecurityEvent.INTERNAL_ERROR);
    LOG.error(
        "Unhandled exception for {} {} (request {}); answered 500", safeMethod(exchange), exchange.path(), exchange.requestId(), e);
    return Problems.internalError();
  }

  private static String safeMethod(Exchange exchange) {
    try {
      return exchange.method();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /**
   * Ends the exchange: settles what the stages began with the final status and unbinds the request
   * id. Call once, in a {@code finally}.
   */
  public void end(Exchange exchange, int status) {
    try {
      if (exchange.bodyFailure() != null) {
        events.record(SecurityEvent.INVALID_INPUT);
      }
      exchange.complete(status);
    } finally {
      if (exchange.requestId() != null && exchange.readable()) {
        MDC.remove(mdcKey);
        RequestIds.bindCurrent(null);
      }
    }
  }

  /** Returns the policy for a path: the first matching override, or the global one. */
  public PathPolicy policyFor(String path) {
    PathPolicy policy = root;
    for (PathOverride override : overrides) {
      if (PathPattern.anyMatches(override.patterns(), path)) {
        policy = override.policy();
        break;
      }
    }
    Bodyless bodyless = this.bodyless;
    if (bodyless != null && PathPattern.anyMatches(bodyless.patterns(), path)) {
      return bodyless.twins().get(policy);
    }
    return policy;
  }

  /** The global policy, for answers given before a request's path is known. */
  public PathPolicy rootPolicy() {
    return root;
  }

  /**
   * Refuses any request body on these paths (413 before it is read), keeping every other policy
   * of the path as configured: Bulwark's own endpoints take none, and a body trickled to one would
   * otherwise hold a request thread for as long as the client likes. Called at start-up.
   */
  public synchronized void refuseBodies(List<String> patterns) {
    List<PathPattern> all = new ArrayList<>();
    if (bodyless != null) {
      all.addAll(List.of(bodyless.patterns()));
    }
    patterns.stream().map(PathPattern::of).forEach(all::add);
    Map<PathPolicy, PathPolicy> twins = new IdentityHashMap<>();
    twins.put(root, root.withMaxBodyBytes(0));
    for (PathOverride override : overrides) {
      twins.put(override.policy(), override.policy().withMaxBodyBytes(0));
    }
    this.bodyless = new Bodyless(all.toArray(PathPattern[]::new), twins);
  }

  private void bind(String requestId) {
    MDC.put(mdcKey, requestId);
    RequestIds.bindCurrent(requestId);
  }

  /** The incoming id when it may be trusted (the id header, else a traceparent's), or a new one. */
  private String chooseRequestId(RequestView view) {
    return requestIds.choose(onlyValue(view, requestIdHeader), onlyValue(view, "traceparent"));
  }

  /**
   * A header's value when the request carries it once, else {@code null}: of two request ids (or
   * trace contexts) neither can be trusted, as a proxy may have added one and the client the other.
   */
  private static String onlyValue(RequestView view, String name) {
    Iterator<String> values = view.headers(name);
    if (values == null || !values.hasNext()) {
      return null;
    }
    String value = values.next();
    return values.hasNext() ? null : value;
  }

  /** Joins repeated list headers, so a second X-Forwarded-For line cannot hide the first. */
  private static HeaderLookup listHeaders(RequestView view) {
    return name -> {
      String single = view.header(name);
      if (single == null || (!name.equals("X-Forwarded-For") && !name.equals("Forwarded"))) {
        return single;
      }
      Iterator<String> values = view.headers(name);
      if (values == null || !values.hasNext()) {
        return null;
      }
      String first = values.next();
      if (!values.hasNext()) {
        return first;
      }
      StringBuilder joined = new StringBuilder(first);
      while (values.hasNext()) {
        joined.append(", ").append(values.next());
      }
      return joined.toString();
    };
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
