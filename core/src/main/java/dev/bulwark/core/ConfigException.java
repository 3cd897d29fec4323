package dev.bulwark.core;

/**
 * A configuration value that Bulwark cannot accept. Thrown at start-up, never per request, so a
 * misconfigured application refuses to start instead of running unprotected.
 *
 * <p>The message always names the property (for example {@code bulwark.headers.hsts.max-age}) and,
 * where the set is closed, the values it accepts.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;

  /**
   * Creates an exception for one property.
   *
   * @param property the full property name, starting with {@code bulwark.}
   * @param message what is wrong and how to fix it
   */
  public ConfigException(String property, String message) {
    super(property + ": " + message);
    this.property = property;
  }

  /**
   * Creates an exception for one property with the underlying cause.
   *
   * @param property the full property name, starting with {@code bulwark.}
   * @param message what is wrong and how to fix it
   * @param cause the failure that revealed the problem
   */
  public ConfigException(String property, String message, Throwable cause) {
    super(property + ": " + message, cause);
    this.property = property;
  }

  /** Returns the full name of the offending property. */
  public String property() {
    return property;
  }
}
