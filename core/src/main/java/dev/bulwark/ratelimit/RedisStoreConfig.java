package dev.bulwark.ratelimit;

import java.time.Duration;

/**
 * The Redis store ({@code bulwark.rate-limit.redis.*}), used when {@code
 * bulwark.rate-limit.store=redis}. The store itself is in {@code dev.bulwark:bulwark-redis} (with
 * Lettuce and Resilience4j), which must be on the class path.
 *
 * @param uri the server, such as {@code redis://localhost:6379} or {@code
 *     rediss://:password@redis.internal:6380/0}; default {@code redis://localhost:6379}
 * @param timeout how long Redis may stay silent (answer nothing at all) after a decision's
 *     command was written before the rule's failure policy decides that request and the circuit
 *     breaker counts a failure; a decision waits at most four times this in all (a command that
 *     waited in this JVM before it was written falls back then, and is no failure of Redis's);
 *     default {@code 250ms}
 * @param keyPrefix the prefix of every key Bulwark writes; default {@code bulwark:rl:}
 * @param breakerOpenFor how long the circuit breaker stays open after Redis failed, before one probe
 *     request tries it again; default {@code 5s}
 * @param healthTimeout how long Redis may leave a call unanswered before health and the {@code
 *     bulwark.ratelimit.store.available} gauge call it unavailable: the deadline of the health
 *     check's own PING, and the age at which a waiting decision marks the store unavailable. It
 *     does not shorten decisions, which still wait up to {@code timeout}; default {@code 250ms}
 */
public record RedisStoreConfig(String uri, Duration timeout, String keyPrefix, Duration breakerOpenFor, Duration healthTimeout) {

  /** Applies defaults and checks the values. */
  public RedisStoreConfig {
    uri = uri == null || uri.isBlank() ? "redis://localhost:6379" : uri.trim();
    timeout = timeout == null ? Duration.ofMillis(250) : timeout;
    keyPrefix = keyPrefix == null ? "bulwark:rl:" : keyPrefix;
    breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(5) : breakerOpenFor;
    healthTimeout = healthTimeout == null ? Duration.ofMillis(250) : healthTimeout;
    if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !uri.startsWith("redis-socket://")) {
      throw new IllegalArgumentException("uri must start with redis://, rediss:// or redis-socket://");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("timeout must be between 1ms and 10s");
    }
    if (breakerOpenFor.isNegative() || breakerOpenFor.isZero()) {
      throw new IllegalArgumentException("breaker-open-for must be positive");
    }
    if (healthTimeout.isNegative() || healthTimeout.isZero() || healthTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("health-timeout must be between 1ms and 10s");
    }
  }

  /** The defaults. */
  public static RedisStoreConfig defaults() {
    return builder().build();
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from {@code base}, to copy it with some settings changed. */
  public static Builder from(RedisStoreConfig base) {
    return new Builder(base);
  }

  /**
   * Builds a {@link RedisStoreConfig} in code. A setting left unset takes the default its method states;
   * {@link #build()} checks the settings as binding them from properties does.
   */
  public static final class Builder {

    private String uri;
    private Duration timeout;
    private String keyPrefix;
    private Duration breakerOpenFor;
    private Duration healthTimeout;

    private Builder() {}

    private Builder(RedisStoreConfig base) {
      uri = base.uri();
      timeout = base.timeout();
      keyPrefix = base.keyPrefix();
      breakerOpenFor = base.breakerOpenFor();
      healthTimeout = base.healthTimeout();
    }

    /**
     * The server, such as {@code redis://localhost:6379} or {@code rediss://:password@redis.internal:6380/0};
     * default {@code redis://localhost:6379}.
     */
    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    /**
     * How long Redis may stay silent after a decision's command was written before the rule's failure
     * policy decides that request and the circuit breaker counts a failure; a decision waits at most four
     * times this in all; default {@code 250ms}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The prefix of every key Bulwark writes; default {@code bulwark:rl:}. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * How long the circuit breaker stays open after Redis failed, before one probe request tries it again;
     * default {@code 5s}.
     */
    public Builder breakerOpenFor(Duration breakerOpenFor) {
      this.breakerOpenFor = breakerOpenFor;
      return this;
    }

    /**
     * How long Redis may leave a call unanswered before health and the {@code
     * bulwark.ratelimit.store.available} gauge call it unavailable: the deadline of the health check's own
     * PING, and the age at which a waiting decision marks the store unavailable. It does not shorten
     * decisions, which still wait up to {@code timeout}; default {@code 250ms}.
     */
    public Builder healthTimeout(Duration healthTimeout) {
      this.healthTimeout = healthTimeout;
      return this;
    }

    /**
     * Returns the RedisStoreConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public RedisStoreConfig build() {
      return new RedisStoreConfig(
          uri, timeout, keyPrefix, breakerOpenFor, healthTimeout);
    }
  }
}
