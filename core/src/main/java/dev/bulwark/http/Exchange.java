package dev.bulwark.http;

import dev.bulwark.headers.CspNonce;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.problem.Problem;

/**
 * One request's walk through the pipeline: what was learned of it (its path, its policies, the
 * client behind it, its request id), where its response headers go, and what must be settled once
 * its status is known. Made by {@link RequestPipeline#begin}; used by one request at a time.
 */
public final class Exchange {

  /** Settles what a stage began once the response's status is known. */
  @FunctionalInterface
  public interface Completion {
    /** Called once, with the final status (400 when the pipeline itself refused the request). */
    void complete(Exchange exchange, int status);
  }

  private final RequestView view;
  private final HeaderWriter headers;
  private final String path;
  private final PathPolicy policy;
  private final ClientInfo client;
  private final CspNonce nonce;
  private final String requestId;
  private final boolean readable;
  private final RefusalObserver observer;
  private Completion[] completions;
  private int completionCount;
  private boolean completed;
  private volatile boolean credentialsRefused;
  private volatile Problem bodyFailure;

  Exchange(
      RequestView view,
      HeaderWriter headers,
      String path,
      PathPolicy policy,
      ClientInfo client,
      String requestId,
      boolean readable,
      RefusalObserver observer) {
    this.view = view;
    this.headers = headers;
    this.path = path;
    this.policy = policy;
    this.client = client;
    this.nonce = new CspNonce();
    this.requestId = requestId;
    this.readable = readable;
    this.observer = observer;
  }

  /** The request as the host sees it. */
  public RequestView view() {
    return view;
  }

  /** Where the stages' response headers go: the one port through which core sets headers. */
  public HeaderWriter headers() {
    return headers;
  }

  /** The path within the application. */
  public String path() {
    return path;
  }

  /** The request's method. */
  public String method() {
    return view.method();
  }

  /** The protections for the request's path. */
  public PathPolicy policy() {
    return policy;
  }

  /** The response headers for the request's path. */
  public HeaderPolicy headerPolicy() {
    return policy.headers();
  }

  /** The client, as resolved from the connection and any trusted proxy's headers. */
  public ClientInfo client() {
    return client;
  }

  /** The response's CSP nonce (made on first use). */
  public CspNonce nonce() {
    return nonce;
  }

  /** The request id, or {@code null} when request ids are off. */
  public String requestId() {
    return requestId;
  }

  /**
   * Whether the pipeline could read the request: {@code false} when its path, client or request id
   * threw, and it is answered as malformed with the global policies.
   */
  public boolean readable() {
    return readable;
  }

  /**
   * Whether the pipeline only observes ({@code bulwark.mode=observe}): a protection that judges
   * the request later (the body meter) reports through {@link #wouldRefuse} instead of refusing.
   */
  public boolean observing() {
    return observer != null;
  }

  /** Reports what enforcing would have answered; only when {@link #observing()}. */
  public void wouldRefuse(Verdict verdict) {
    if (observer != null) {
      observer.wouldRefuse(this, verdict);
    }
  }

  /** Registers something to settle once the status is known (a rate-limit reservation). */
  public void onComplete(Completion completion) {
    if (completions == null) {
      completions = new Completion[2];
    } else if (completionCount == completions.length) {
      completions = java.util.Arrays.copyOf(completions, completionCount * 2);
    }
    completions[completionCount++] = completion;
  }

  /**
   * Records that the application refused the credentials this request presented (a failed sign-in
   * that answers 200 with the form again, say), so rules that count failed credentials count it.
   */
  public void reportFailedCredentials() {
    credentialsRefused = true;
  }

  /** Whether the application reported failed credentials for this request. */
  public boolean credentialsRefused() {
    return credentialsRefused;
  }

  /** Records why reading the body failed (past the limit, not UTF-8); the first reason stays. */
  public void bodyFailed(Problem problem) {
    if (bodyFailure == null) {
      bodyFailure = problem;
    }
  }

  /** Why reading the body failed, or {@code null}: the answer when the application turned it into its own error. */
  public Problem bodyFailure() {
    return bodyFailure;
  }

  /** Settles every completion once; later calls do nothing. */
  void complete(int status) {
    if (completed) {
      return;
    }
    completed = true;
    for (int i = 0; i < completionCount; i++) {
      completions[i].complete(this, status);
    }
  }
}
