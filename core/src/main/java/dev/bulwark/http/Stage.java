package dev.bulwark.http;

/**
 * One protection in the request pipeline. Every stage has this one shape: it reads the exchange
 * and either lets the request continue (after adding response headers through {@link
 * Exchange#headers()}, if it has any) or answers it with a {@link Verdict}. A stage that must see
 * the response's status registers a completion with {@link Exchange#onComplete}. Stages are
 * compiled once from configuration and must be thread-safe; a runtime exception thrown here is the
 * client's error (a 400), answered by the pipeline.
 */
@FunctionalInterface
public interface Stage {

  /** Judges one request. */
  Verdict apply(Exchange exchange);
}
