package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis store ({@code bulwark.rate-limit.redis.*}), used when {@code
 * bulwark.rate-limit.store=redis}. The store itself is in {@code dev.bulwark:bulwark-redis} (with
 * Lettuce and Resilience4j), which must be on the class path.
 *
 * @param uri where Redis is, in Lettuce's {@code RedisURI} form: {@code redis://host:6379/0}, {@code
 *     rediss://} for TLS (the server's certificate and host name are verified), an ACL user and
 *     password as {@code redis://user:password@host}, Sentinel as {@code
 *     redis-sentinel://host1:26379,host2:26379/0#mymaster} (or {@code rediss-sentinel://}); with
 *     {@code cluster}, a comma-separated list of seed nodes ({@code
 *     redis://user:password@node1:6379,node2:6379}: a bare {@code host:port} takes the first
 *     node's scheme and credentials); default {@code redis://localhost:6379}
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
 * @param cluster whether {@code uri} names the seed nodes of a Redis Cluster; default {@code false}
 * @param trustCertificates a PEM file of the certificates a {@code rediss://} server's certificate
 *     must chain to, for a private certificate authority; default none: the JVM's trust store
 * @param connection whose Lettuce client the store connects through: {@code own} (one it creates
 *     from these settings) or {@code application} (the application's own {@code RedisClient} or
 *     {@code RedisClusterClient}, which the Spring starter finds as a bean); default {@code own}
 */
public record RedisStoreConfig(
    String uri,
    Duration timeout,
    String keyPrefix,
    Duration breakerOpenFor,
    Duration healthTimeout,
    Boolean cluster,
    String trustCertificates,
    Connection connection) {

  /** Whose Lettuce client the store connects through. */
  public enum Connection {
    /** A client the store creates from these settings, and shuts down with it. */
    OWN,
    /** The application's own client, which the store never shuts down. */
    APPLICATION
  }

  private static final Pattern USER_INFO = Pattern.compile("(://|,)([^@/?#,]*)@");

  /** Applies defaults and checks the values. */
  public RedisStoreConfig {
    uri = uri == null || uri.isBlank() ? "redis://localhost:6379" : uri.trim();
    timeout = timeout == null ? Duration.ofMillis(250) : timeout;
    keyPrefix = keyPrefix == null ? "bulwark:rl:" : keyPrefix;
    breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(5) : breakerOpenFor;
    healthTimeout = healthTimeout == null ? Duration.ofMillis(250) : healthTimeout;
    cluster = cluster != null && cluster;
    connection = connection == null ? Connection.OWN : connection;
    trustCertificates = trustCertificates == null || trustCertificates.isBlank() ? null : trustCertificates.trim();
    if (cluster) {
      if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
        throw new IllegalArgumentException("uri must list the cluster's seed nodes as redis:// or rediss:// URIs when cluster is true");
      }
    } else if (!uri.startsWith("redis://")
        && !uri.startsWith("rediss://")
        && !uri.startsWith("redis-socket://")
        && !uri.startsWith("redis-sentinel://")
        && !uri.startsWith("rediss-sentinel://")) {
      throw new IllegalArgumentException("uri must start with redis://, rediss://, redis-sentinel://, rediss-sentinel:// or redis-socket://");
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

  /**
   * Returns {@code uri} with every password replaced by {@code ****}, for logs and reports: the user
   * name stays, so an operator can still tell which ACL user is meant.
   */
  public String redactedUri() {
    return redact(uri);
  }

  /** Returns {@code uri} with every password replaced by {@code ****}. */
  public static String redact(String uri) {
    Matcher matcher = USER_INFO.matcher(uri);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String userInfo = matcher.group(2);
      int colon = userInfo.indexOf(':');
      // Lettuce reads user info without a colon as a password alone.
      String redacted = colon < 0 ? "****" : userInfo.substring(0, colon) + ":****";
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + redacted + "@"));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Names every setting; the URI's passwords are redacted, so the result may be logged. */
  @Override
  public String toString() {
    return "RedisStoreConfig[uri=" + redactedUri() + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix
        + ", breakerOpenFor=" + breakerOpenFor + ", healthTimeout=" + healthTimeout + ", cluster=" + cluster
        + ", trustCertificates=" + trustCertificates + ", connection=" + connection + "]";
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
    private Boolean cluster;
    private String trustCertificates;
    private Connection connection;

    private Builder() {}

    private Builder(RedisStoreConfig base) {
      uri = base.uri();
      timeout = base.timeout();
      keyPrefix = base.keyPrefix();
      breakerOpenFor = base.breakerOpenFor();
      healthTimeout = base.healthTimeout();
      cluster = base.cluster();
      trustCertificates = base.trustCertificates();
      connection = base.connection();
    }

    /**
     * Where Redis is: {@code redis://host:6379/0}, {@code rediss://} for TLS, {@code redis://user:password@host}
     * for an ACL user, {@code redis-sentinel://host1:26379,host2:26379/0#mymaster} for Sentinel, or with
     * {@link #cluster(boolean)} the seed nodes {@code redis://node1:6379,node2:6379}; default {@code
     * redis://localhost:6379}.
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

    /** Whether {@code uri} names the seed nodes of a Redis Cluster; default {@code false}. */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * A PEM file of the certificates a {@code rediss://} server's certificate must chain to; default none
     * (the JVM's trust store).
     */
    public Builder trustCertificates(String trustCertificates) {
      this.trustCertificates = trustCertificates;
      return this;
    }

    /**
     * Whose Lettuce client the store connects through: {@code OWN} or the application's ({@code
     * APPLICATION}); default {@code OWN}.
     */
    public Builder connection(Connection connection) {
      this.connection = connection;
      return this;
    }

    /**
     * Returns the RedisStoreConfig.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public RedisStoreConfig build() {
      return new RedisStoreConfig(
          uri, timeout, keyPrefix, breakerOpenFor, healthTimeout, cluster, trustCertificates, connection);
    }
  }
}
