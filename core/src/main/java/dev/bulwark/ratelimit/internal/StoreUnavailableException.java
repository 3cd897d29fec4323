package dev.bulwark.ratelimit.internal;

/** The shared store did not answer in time, failed, or its circuit breaker is open. */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
