package dev.bulwark.http;

/**
 * Receives what the pipeline would have refused, in observe mode ({@code bulwark.mode=observe}),
 * where nothing is refused: a stage's refusal or redirect, a body past its limit, a request Bulwark
 * could not read. Called on the request's thread; must be cheap and thread-safe.
 */
@FunctionalInterface
public interface RefusalObserver {

  /**
   * Notes one refusal that was let through.
   *
   * @param exchange the request
   * @param verdict what enforcing would have answered
   */
  void wouldRefuse(Exchange exchange, Verdict verdict);
}
