package dev.bulwark.ratelimit.spi;

/**
 * The store did not answer in time, failed, or its circuit breaker is open: each rule's {@code
 * on-store-failure} decides instead. A store throws it for any failure it cannot answer through.
 */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
