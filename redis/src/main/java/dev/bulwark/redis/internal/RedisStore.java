package dev.bulwark.redis.internal;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.Answer;
import dev.bulwark.ratelimit.spi.BucketShape;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.Step;
import dev.bulwark.ratelimit.spi.StoreUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, decided by one Lua script per request ({@code decide.lua}): every rule that
 * applies, every limit of each, counted rules' reservations and the penalty box, in one {@code
 * EVALSHA}, atomically, on Redis's clock ({@code TIME}), so instances whose clocks differ agree.
 * Refill and consumption are exact integers; a key expires when its bucket would be full again,
 * and a missing key is a full bucket. The script is loaded when the connection is made and sent
 * again with {@code EVAL} if Redis answers {@code NOSCRIPT} (after a restart or {@code SCRIPT
 * FLUSH}).
 *
 * <p>Key layout: {@code <prefix>{<client key>}:<rule>} for a bucket, {@code <prefix>{<client
 * key>}:block:<rule>} for a penalty block. The client key is a hash tag, so all the keys of one
 * client are in one Redis Cluster slot. On a Cluster, a request whose rules key by different things
 * (an address and a principal) touches one slot per client key: its steps go as one script call
 * per run of steps with the same client key, in order, each atomic on its own, so such a request
 * costs one round trip per distinct key (the default rules, all keyed by address, still cost one).
 *
 * <p>Connections. A standalone server, TLS ({@code rediss://}, certificate and host name verified
 * unless the URI says otherwise) and Sentinel ({@code redis-sentinel://}, the master looked up
 * again on every reconnect) go through one {@link RedisClient}; a Cluster through a {@link
 * RedisClusterClient} that refreshes its topology when Redis redirects a command or a node keeps
 * failing to reconnect, so a replica that took over is found within seconds.
 *
 * <p>Timeouts. Redis is given {@code timeout} to answer from the moment the command is written to
 * the connection; a command still waiting in this JVM (a busy machine, a backlog on the event loop)
 * has not cost Redis anything yet. A call waits at most four times {@code timeout} in all. Only a
 * call Redis is to blame for (it errored, the connection failed, or the command was written and
 * {@code timeout} passed with no answer) feeds the Resilience4j circuit breaker; a call that ran
 * out of its overall wait before its command was written falls back to the rules' failure policy
 * for that request alone. While the breaker is open calls fail at once, so an outage costs one
 * timeout, not one per request. The connection is made lazily and re-made after failures; Redis
 * being down at start-up does not stop the application.
 *
 * <p>A hung Redis (paused, or a host gone without closing the connection) refuses nothing, so
 * nothing fails before a call's timeout. To show it sooner than that, the store watches its own
 * calls: once one has waited longer than the health timeout with no answer from Redis meanwhile, or
 * a call or health PING ran out of its deadline and nothing has answered since, {@link #problem()}
 * says so, without a round trip. The breaker opens on the first call that timed out while nothing
 * answered after it began (a hang, not a slow answer).
 */
public final class RedisStore implements RateLimitStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
  private static final StringCodec CODEC = StringCodec.UTF8;
  private static final String SCRIPT = script();
  private static final String SHA = sha1(SCRIPT);
  /** Integer arithmetic in the script stays below this (doubles are exact to 2^53). */
  private static final long EXACT = 1L << 52;

  private final AbstractRedisClient client;
  private final Supplier<CompletionStage<Link>> connector;
  private final boolean cluster;
  /** Whether this store created the client (and so shuts it down). */
  private final boolean owned;
  /** Where Redis is, passwords redacted: for logs. */
  private final String where;
  private final long timeoutNanos;
  private final long maxWaitNanos;
  private final long healthTimeoutNanos;
  private final String prefix;
  private final CircuitBreaker breaker;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile boolean closed;
  private static final long RETRY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** When the next connection attempt may start (after a failed one). */
  private volatile long nextAttemptNanos = System.nanoTime();
  /** Failed attempts since the last connection; written only by the one attempt under way. */
  private volatile int failedAttempts;
  /** The connection decisions use, or null; replaced by compare-and-set so a late drop never clears a newer one. */
  private final AtomicReference<Link> connected = new AtomicReference<>();
  private final ConcurrentMap<BucketShape, String> limitArgs = new ConcurrentHashMap<>();
  private final ConcurrentMap<Step.PenaltyBox, String> penaltyArgs = new ConcurrentHashMap<>();

  // What Redis has done lately, for problem(): read on every health check and gauge scrape, written
  // on every call, so plain volatile fields and one counter, no lock.
  /** Calls (decisions and health PINGs) waiting for Redis now. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** When a call began while none was waiting: the waiting calls have waited at most this long. */
  private volatile long waitingSinceNanos = System.nanoTime();
  /** When Redis last answered a call. */
  private volatile long answeredNanos = System.nanoTime();
  /** A call or PING ran out of its deadline and nothing has answered since. */
  private volatile boolean stalled;

  /** A connection and its commands, whether to one server or to a Cluster. */
  private record Link(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> async) {}

  /**
   * @param application the application's own client to connect through, or null
   * @param current with no {@code application}: the application's client as it is at each
   *     (re)connect, a {@link RedisClient} connected to the URI it was created with, or a {@link
   *     RedisClusterClient} as {@code currentIsCluster} says; null to create a client of our own
   */
  private RedisStore(
      RedisStoreConfig config,
      AbstractRedisClient application,
      Supplier<? extends AbstractRedisClient> current,
      boolean currentIsCluster) {
    boolean itsOwnUri = current != null;
    this.timeoutNanos = config.timeout().toNanos();
    this.maxWaitNanos = 4 * timeoutNanos;
    this.healthTimeoutNanos = config.healthTimeout().toNanos();
    this.prefix = config.keyPrefix();
    this.cluster = itsOwnUri ? currentIsCluster : application == null ? config.cluster() : application instanceof RedisClusterClient;
    this.owned = application == null && !itsOwnUri;
    this.where =
        application instanceof RedisClusterClient || (itsOwnUri && currentIsCluster)
            ? "the application's cluster client"
            : itsOwnUri ? "the application's client's own URI" : config.redactedUri() + (cluster ? " (cluster)" : "");
    List<RedisURI> uris = application instanceof RedisClusterClient || itsOwnUri ? List.of() : uris(config);
    for (RedisURI uri : uris) {
      if (uri.isSsl() && uri.getVerifyMode() != SslVerifyMode.FULL) {
        LOG.warn("Rate limiting connects to Redis at {} over TLS with verifyPeer={}: the server's host name is not checked", where, uri.getVerifyMode());
      }
    }
    SslOptions ssl = sslOptions(config);
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.timeout().multipliedBy(4).plus(config.healthTimeout()));
    if (application instanceof RedisClusterClient clusterClient) {
      // Its options (timeouts, topology refresh, TLS) are the application's: this store changes none.
      // A client that has not connected yet has no topology: it is read first, as for our own.
      this.client = clusterClient;
      this.connector =
          () -> clusterClient.refreshPartitionsAsync().thenCompose(loaded -> clusterClient.connectAsync(CODEC)).thenApply(c -> new Link(c, c.async()));
    } else if (itsOwnUri) {
      // Asked for at every (re)connect: the application may replace its client (Spring Data
      // Redis's connection factory creates a new one each time it starts) or have none yet.
      this.client = null;
      this.connector = () -> connectTo(current.get(), currentIsCluster);
    } else if (application instanceof RedisClient redisClient) {
      RedisURI uri = uris.get(0);
      this.client = redisClient;
      this.connector = () -> redisClient.connectAsync(CODEC, uri).thenApply(c -> new Link(c, c.async()));
    } else if (application != null) {
      throw new IllegalArgumentException("a RedisClient or a RedisClusterClient, not " + application.getClass().getName());
    } else if (cluster) {
      RedisClusterClient clusterClient = RedisClusterClient.create(uris);
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .sslOptions(ssl)
              // A failover moves slots to a replica: a MOVED answer or a node that keeps failing to
              // reconnect refreshes the topology at once (at most once a second); a periodic refresh
              // catches what no command noticed.
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .build())
              .build());
      this.client = clusterClient;
      // The topology is read first (and again on every reconnect of this store), without blocking.
      this.connector =
          () -> clusterClient.refreshPartitionsAsync().thenCompose(loaded -> clusterClient.connectAsync(CODEC)).thenApply(c -> new Link(c, c.async()));
    } else {
      RedisClient redisClient = RedisClient.create();
      redisClient.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .sslOptions(ssl)
              .build());
      RedisURI uri = uris.get(0);
      this.client = redisClient;
      this.connector = () -> redisClient.connectAsync(CODEC, uri).thenApply(c -> new Link(c, c.async()));
    }
    this.breaker =
        CircuitBreaker.of(
            "bulwark-rate-limit-redis",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
  }

  /**
   * The URI, or with {@code cluster} the seed nodes: a bare {@code host:port} after the first takes
   * the first node's scheme, credentials and options. Errors name the property, never a password.
   */
  static List<RedisURI> uris(RedisStoreConfig config) {
    String[] parts = config.cluster() ? config.uri().split(",") : new String[] {config.uri()};
    List<RedisURI> uris = new ArrayList<>(parts.length);
    for (String part : parts) {
      String text = part.trim();
      try {
        if (uris.isEmpty() || text.contains("://")) {
          uris.add(RedisURI.create(text));
        } else {
          int colon = text.lastIndexOf(':');
          RedisURI.Builder node = RedisURI.builder(uris.get(0));
          if (colon < 0) {
            node.withHost(text);
          } else {
            node.withHost(text.substring(0, colon)).withPort(Integer.parseInt(text.substring(colon + 1)));
          }
          uris.add(node.build());
        }
      } catch (RuntimeException e) {
        // Lettuce's message may quote the URI, password and all.
        throw new ConfigException("bulwark.rate-limit.redis.uri", "cannot read " + RedisStoreConfig.redact(text) + " as a Redis URI (" + e.getClass().getSimpleName() + ")");
      }
    }
    return uris;
  }

  private static SslOptions sslOptions(RedisStoreConfig config) {
    if (config.trustCertificates() == null) {
      return SslOptions.create();
    }
    File certificates = new File(config.trustCertificates());
    if (!certificates.canRead()) {
      throw new ConfigException("bulwark.rate-limit.redis.trust-certificates", "cannot read " + certificates);
    }
    return SslOptions.builder().jdkSslProvider().trustManager(certificates).build();
  }

  /** Creates the store and starts connecting in the background. */
  public static RedisStore connect(RedisStoreConfig config) {
    RedisStore store = new RedisStore(config, null, null, false);
    store.reconnect();
    return store;
  }

  /**
   * Creates the store over the application's own client and starts connecting in the background:
   * a {@link RedisClient} connects to {@code config.uri()}, a {@link RedisClusterClient} to its own
   * seed nodes. The store opens one connection of its own through it, never changes its options and
   * never shuts it down.
   */
  public static RedisStore connect(RedisStoreConfig config, AbstractRedisClient application) {
    RedisStore store = new RedisStore(config, java.util.Objects.requireNonNull(application, "application"), null, false);
    store.reconnect();
    return store;
  }

  /**
   * Creates the store over the application's client as it is at each (re)connect, and starts
   * connecting in the background: a {@link RedisClient} connects to the URI it was created with
   * ({@code RedisClient.create(uri)}), a {@link RedisClusterClient} to its seed nodes; while the
   * supplier gives null (not started, stopped) the store retries later. {@code config.uri()},
   * {@code cluster} and {@code trust-certificates} are not read.
   */
  public static RedisStore connectToCurrentClient(
      RedisStoreConfig config, Supplier<? extends AbstractRedisClient> current, boolean cluster) {
    RedisStore store = new RedisStore(config, null, java.util.Objects.requireNonNull(current, "current"), cluster);
    store.reconnect();
    return store;
  }

  private static CompletionStage<Link> connectTo(AbstractRedisClient current, boolean cluster) {
    if (cluster && current instanceof RedisClusterClient clusterClient) {
      return clusterClient.refreshPartitionsAsync().thenCompose(loaded -> clusterClient.connectAsync(CODEC)).thenApply(c -> new Link(c, c.async()));
    }
    if (!cluster && current instanceof RedisClient redisClient) {
      // Lettuce connects to a client's own URI (plain, TLS or Sentinel, with its credentials) only
      // blocking: on a thread of its own, never on a request's or one of Lettuce's event loops.
      return CompletableFuture.supplyAsync(
          () -> {
            StatefulRedisConnection<String, String> c = redisClient.connect(CODEC);
            return new Link(c, c.async());
          },
          RedisStore::onAConnectingThread);
    }
    throw new IllegalStateException(
        current == null
            ? "the application's client is not there (not started yet, or stopped)"
            : "the application's client is a " + current.getClass().getSimpleName() + ", expected a " + (cluster ? "RedisClusterClient" : "RedisClient"));
  }

  private static void onAConnectingThread(Runnable connect) {
    Thread thread = new Thread(connect, "bulwark-redis-connect");
    thread.setDaemon(true);
    thread.setContextClassLoader(RedisStore.class.getClassLoader());
    thread.start();
  }

  private static String script() {
    try (InputStream in = RedisStore.class.getResourceAsStream("decide.lua")) {
      if (in == null) {
        throw new IllegalStateException("decide.lua is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the circuit breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public String breakerState() {
    return breaker.getState().name();
  }

  @Override
  public boolean breakerOpen() {
    return breaker.getState() != CircuitBreaker.State.CLOSED;
  }

  /**
   * Returns why Redis cannot be counted on now, or empty while it can: not connected, the breaker
   * not closed, a call waiting longer than the health timeout with no answer meanwhile, or a call
   * that ran out of its deadline with no answer since. Makes no round trip.
   */
  @Override
  public Optional<String> problem() {
    if (!isConnected()) {
      return Optional.of("not connected");
    }
    CircuitBreaker.State state = breaker.getState();
    if (state != CircuitBreaker.State.CLOSED) {
      return Optional.of("circuit breaker " + state.name().toLowerCase(Locale.ROOT));
    }
    if (stalled) {
      return Optional.of("a call timed out and Redis has not answered since");
    }
    // Read the count first: a call that begins with none waiting writes waitingSinceNanos before
    // it counts itself, so a count seen here comes with a start time at least as recent.
    if (waiting.get() > 0) {
      long now = System.nanoTime();
      long since = Math.max(answeredNanos - now, waitingSinceNanos - now) + now;
      long silentNanos = now - since;
      if (silentNanos > healthTimeoutNanos) {
        return Optional.of("no answer for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
      }
    }
    return Optional.empty();
  }

  /** Returns whether a connection is established. */
  public boolean isConnected() {
    Link current = connected.get();
    return current != null && current.connection().isOpen();
  }

  private void reconnect() {
    if (closed || System.nanoTime() - nextAttemptNanos < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    if (connected.get() != null) {
      // An attempt finished between the caller's look and this one's start: nothing to do.
      connecting.set(false);
      return;
    }
    CompletionStage<Link> attempt;
    try {
      attempt = connector.get();
    } catch (RuntimeException e) {
      failed(e);
      return;
    } catch (Error e) {
      // Thread.start's "unable to create native thread": the next attempt must still be possible.
      failed(e);
      throw e;
    }
    attempt.whenComplete(
        (link, error) -> {
          if (error != null) {
            failed(error);
            return;
          }
          try {
            // Loaded once here; a NOSCRIPT later (a restart, SCRIPT FLUSH, a replica that took
            // over) sends it again.
            link.async().scriptLoad(SCRIPT);
          } catch (RuntimeException e) {
            // Refused at once (the client is shutting down): the first decision loads it instead.
            LOG.debug("SCRIPT LOAD was refused; a NOSCRIPT will load the script", e);
          }
          connected.set(link);
          failedAttempts = 0;
          // Only now: a request in between sees an attempt under way, or a connection, and starts
          // no second one, whose connection would replace this one and never be closed.
          connecting.set(false);
          if (closed) {
            // The store closed while this connection was being made (close() may have read the
            // field before it was set): the application's client would keep it open as long as
            // the client lives.
            connected.compareAndSet(link, null);
            link.connection().closeAsync();
            return;
          }
          LOG.info("Rate limiting connected to Redis at {}", where);
        });
  }

  /**
   * An attempt failed: the next waits 250 ms, doubling to at most 5 s, however many requests ask
   * meanwhile, so an outage costs neither a connection attempt (and a thread, and a log line) per
   * request nor a long wait once Redis is back.
   */
  private void failed(Throwable error) {
    int failures = ++failedAttempts;
    long wait = Math.min(RETRY_MAX_NANOS, RETRY_FIRST_NANOS << Math.min(failures - 1, 5));
    nextAttemptNanos = System.nanoTime() + wait;
    connecting.set(false);
    LOG.warn(
        "Cannot connect to Redis at {} for rate limiting ({}); rules use their failure policy until it is back (attempt {}, next in {} ms)",
        where, describe(error), failures, TimeUnit.NANOSECONDS.toMillis(wait));
  }

  /** The innermost cause of a failed connection, for the log: its type and message, any password redacted. */
  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + RedisStoreConfig.redact(message));
  }

  private Link connection() {
    Link current = connected.get();
    if (current != null && current.connection() instanceof RedisChannelHandler<?, ?> handler && handler.isClosed()) {
      // Closed for good, not reconnecting: the application shut its client down (a Spring Data
      // Redis connection factory stopped). Replaced through the client it has now, whoever asks
      // first: a decision, or the health check that may be the only caller left.
      connected.compareAndSet(current, null);
      current = null;
    }
    if (current == null) {
      reconnect();
      throw new StoreUnavailableException("Redis is not connected", null);
    }
    return current;
  }

  /**
   * A command that notes when it is written to the connection and, when Redis's reply to it is
   * read, that Redis answered: both on the event loop, so neither waits for a request thread.
   */
  private final class Timed extends AsyncCommand<String, String, List<Long>> {
    private volatile long written;

    Timed(Command<String, String, List<Long>> command) {
      super(command);
    }

    @Override
    public void encode(ByteBuf buf) {
      super.encode(buf);
      written = System.nanoTime();
    }

    @Override
    public void complete() {
      answeredNanos = System.nanoTime();
      super.complete();
    }
  }

  private Timed script(Link link, boolean full, List<String> keys, List<String> argv) {
    CommandArgs<String, String> args = new CommandArgs<>(CODEC);
    args.add(full ? SCRIPT : SHA).add(keys.size());
    for (String key : keys) {
      args.addKey(key);
    }
    for (String value : argv) {
      args.addValue(value);
    }
    Timed command =
        new Timed(new Command<>(full ? CommandType.EVAL : CommandType.EVALSHA, new IntegerListOutput<>(CODEC), args));
    link.connection().dispatch(command);
    return command;
  }

  /** Runs the script: one round trip (two after a NOSCRIPT). */
  private List<Long> run(List<String> keys, List<String> argv) {
    return guarded(
        (link, start) -> {
          try {
            return await(script(link, false, keys, argv), start);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
              throw e;
            }
            return await(script(link, true, keys, argv), start);
          }
        });
  }

  /** One exchange with Redis on the current connection, from the call's start. */
  @FunctionalInterface
  private interface Exchange<T> {
    T with(Link link, long start) throws InterruptedException, ExecutionException, TimeoutException, QueuedTooLong;
  }

  /**
   * Runs an exchange under the breaker, counting it as waiting: what Redis is blamed for (silence,
   * errors) feeds the breaker; what it had no part in (an interrupt, a command still queued in
   * this JVM) does not.
   */
  private <T> T guarded(Exchange<T> exchange) {
    // Not connected yet (start-up, reconnecting) is known without a call: it must not count as a
    // failure, or the breaker would open just as the connection arrives.
    Link current = connection();
    if (!breaker.tryAcquirePermission()) {
      throw new StoreUnavailableException("Redis circuit breaker is open", null);
    }
    disconnected(current);
    long start = begin();
    try {
      T result = exchange.with(current, start);
      answered();
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      throw new StoreUnavailableException("interrupted waiting for Redis", e);
    } catch (QueuedTooLong e) {
      // Redis had no part in it: the command had not been written yet. This request falls back;
      // Redis's health is not judged by it.
      breaker.releasePermission();
      throw new StoreUnavailableException(e.getMessage(), null);
    } catch (TimeoutException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      timedOut(start, true);
      throw new StoreUnavailableException("Redis did not answer in time", e);
    } catch (ExecutionException | RuntimeException e) {
      if (isAnswer(e)) {
        answered();
      }
      dropIfReadOnly(current, e);
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw new StoreUnavailableException("Redis call failed", e);
    } finally {
      waiting.decrementAndGet();
    }
  }

  /**
   * A connection that was up and is down now (Redis went away; Lettuce reconnects meanwhile) fails
   * the call at once and counts against Redis, as Lettuce's own refusal of the command would. An
   * application's client may queue commands instead of refusing them, and a decision would
   * otherwise wait its whole bound for nothing.
   */
  private void disconnected(Link link) {
    if (!link.connection().isOpen()) {
      StoreUnavailableException down = new StoreUnavailableException("Redis is not connected", null);
      breaker.onError(0, TimeUnit.NANOSECONDS, down);
      throw down;
    }
  }

  /**
   * A server that answers READONLY was a master and is a replica now (a failover this connection
   * missed): drop the connection, so the next one finds the master again (Sentinel is asked anew).
   */
  private void dropIfReadOnly(Link link, Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    if (cause instanceof RedisCommandExecutionException && String.valueOf(cause.getMessage()).startsWith("READONLY") && connected.compareAndSet(link, null)) {
      link.connection().closeAsync();
      LOG.warn("Redis at {} answered READONLY (a replica now); reconnecting to the master", where);
      reconnect();
    }
  }

  /** The call's overall wait ran out before its command was written to the connection. */
  private static final class QueuedTooLong extends Exception {
    private static final long serialVersionUID = 1L;

    QueuedTooLong(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Waits for a command. Redis is to blame only for silence: {@code timeout} passed since the
   * command was written with no reply from Redis at all (to this command or an earlier one) in
   * that time. While replies keep coming Redis is working through a backlog, and the call waits
   * on, up to four times {@code timeout} from its start; a call that waited that long without
   * Redis being silent for {@code timeout} falls back for this request, and Redis's health is not
   * judged by it (the time went to this JVM's queues, or a backlog Redis was answering).
   *
   * @throws TimeoutException Redis had the command and answered nothing for {@code timeout}
   * @throws QueuedTooLong the overall wait ran out while Redis was not silent
   */
  private List<Long> await(Timed command, long start)
      throws InterruptedException, ExecutionException, TimeoutException, QueuedTooLong {
    long overall = start + maxWaitNanos;
    long deadline = start + timeoutNanos;
    while (true) {
      long left = Math.min(deadline, overall) - System.nanoTime();
      try {
        if (left > 0) {
          return command.get(left, TimeUnit.NANOSECONDS);
        }
        if (command.isDone()) {
          return command.get();
        }
      } catch (TimeoutException e) {
        // judged below
      }
      long now = System.nanoTime();
      long written = command.written;
      if (written != 0) {
        long lastReply = answeredNanos;
        long silentSince = lastReply - written > 0 ? lastReply : written;
        if (now - silentSince >= timeoutNanos) {
          throw new TimeoutException("Redis answered nothing for " + TimeUnit.NANOSECONDS.toMillis(now - silentSince) + " ms after the command was written");
        }
        deadline = silentSince + timeoutNanos;
      } else {
        deadline = now + Math.max(1, timeoutNanos / 4);
      }
      if (now - overall >= 0) {
        throw new QueuedTooLong(
            written == 0
                ? "the command waited " + TimeUnit.NANOSECONDS.toMillis(now - start) + " ms in this JVM before it was written to Redis"
                : "the call waited " + TimeUnit.NANOSECONDS.toMillis(now - start) + " ms while Redis answered a backlog");
      }
    }
  }

  /** Counts a call as waiting and returns its start. */
  private long begin() {
    long start = System.nanoTime();
    if (waiting.get() == 0) {
      waitingSinceNanos = start;
    }
    waiting.incrementAndGet();
    return start;
  }

  private void closeBreakerAfterHealthyPing() {
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
      try {
        breaker.transitionToClosedState();
        LOG.info("Redis answered the health check's PING; rate-limit decisions use it again (circuit breaker closed)");
      } catch (IllegalStateTransitionException raced) {
        // A decision moved the breaker first.
      }
    }
  }

  private void answered() {
    answeredNanos = System.nanoTime();
    if (stalled) {
      stalled = false;
    }
  }

  /**
   * A call ran out of its deadline. When nothing at all answered after it began, Redis is hung (a
   * slow Redis would have answered the calls before it): a decision opens the breaker at once, so
   * the next requests decide by their failure policy instead of each waiting one more timeout.
   */
  private void timedOut(long start, boolean decision) {
    stalled = true;
    if (decision && answeredNanos - start < 0 && breaker.getState() == CircuitBreaker.State.CLOSED) {
      try {
        breaker.transitionToOpenState();
        LOG.warn("Redis did not answer a rate-limit call within {} ms and nothing else since; circuit breaker open", TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      } catch (IllegalStateTransitionException raced) {
        // Another call opened it first.
      }
    }
  }

  /** Whether Redis itself replied (with an error), as opposed to a broken or refused connection. */
  private static boolean isAnswer(Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    return cause instanceof RedisCommandExecutionException;
  }

  /** The key of a client's bucket: the client key is the hash tag. */
  String bucketKey(String name, String key) {
    return prefix + "{" + key + "}:" + name;
  }

  private String blockKey(String name, String key) {
    return prefix + "{" + key + "}:block:" + name;
  }

  /** A block written before the hash-tagged layout; read until it expires, and reset. */
  private String legacyBlockKey(String name, String key) {
    // Not on a Cluster, where it would be in another slot than the client's: the layout before
    // hash tags never ran on one.
    return cluster ? blockKey(name, key) : prefix + "block:" + name + ":" + key;
  }

  /**
   * On a Cluster, one script call per run of steps with the same client key (one hash slot), in
   * order; the steps stop where one call's answers stop, or at a blocked key or a refusal that ends
   * the steps, as in one call.
   */
  @Override
  public List<Answer> decide(List<Step> steps) {
    if (!cluster) {
      return decideInOneCall(steps);
    }
    List<Answer> answers = new ArrayList<>(steps.size());
    int from = 0;
    while (from < steps.size()) {
      String key = steps.get(from).key();
      int to = from + 1;
      while (to < steps.size() && steps.get(to).key().equals(key)) {
        to++;
      }
      List<Step> group = steps.subList(from, to);
      List<Answer> part = decideInOneCall(group);
      answers.addAll(part);
      if (part.size() < group.size() || endsTheSteps(group.get(part.size() - 1), part.get(part.size() - 1))) {
        break;
      }
      from = to;
    }
    return answers;
  }

  private static boolean endsTheSteps(Step step, Answer answer) {
    return answer.status() == Answer.Status.BLOCKED || (answer.status() == Answer.Status.REFUSED && step.stopOnRefusal());
  }

  private List<Answer> decideInOneCall(List<Step> steps) {
    int size = steps.size();
    List<String> keys = new ArrayList<>(size * 4);
    List<String> argv = new ArrayList<>(1 + size * 5);
    argv.add(Integer.toString(size));
    for (Step step : steps) {
      BucketShape bucket = step.bucket();
      argv.add(Integer.toString(kind(step.kind())));
      argv.add(Long.toString(step.tokens()));
      argv.add(Integer.toString((step.penaliseRefusal() ? 1 : 0) | (step.stopOnRefusal() ? 2 : 0)));
      argv.add(limitArgs.computeIfAbsent(bucket, RedisStore::limits));
      Step.PenaltyBox box = step.penalty();
      keys.add(bucketKey(bucket.name(), step.key()));
      if (box == null) {
        argv.add("");
      } else {
        argv.add(penaltyArgs.computeIfAbsent(box, b -> limits(b.failures()) + ";" + Math.max(1, b.block().toMillis())));
        keys.add(bucketKey(box.failures().name(), step.key()));
        keys.add(blockKey(bucket.name(), step.key()));
        keys.add(legacyBlockKey(bucket.name(), step.key()));
      }
    }
    List<Long> out = run(keys, argv);
    List<Answer> answers = new ArrayList<>(size);
    int at = 0;
    for (int s = 0; s < size && at < out.size(); s++) {
      Step step = steps.get(s);
      int status = out.get(at).intValue();
      long waitNanos = out.get(at + 1) * 1000;
      boolean blockedNow = out.get(at + 2) == 1;
      int n = out.get(at + 3).intValue();
      long[] available = new long[n];
      for (int i = 0; i < n; i++) {
        available[i] = out.get(at + 4 + i);
      }
      at += 4 + n;
      answers.add(answer(step, status, waitNanos, blockedNow, available));
    }
    return answers;
  }

  private static Answer answer(Step step, int status, long waitNanos, boolean blockedNow, long[] available) {
    if (status == 2) {
      return Answer.blocked(waitNanos);
    }
    BucketShape bucket = step.bucket();
    return switch (step.kind()) {
      case TAKE, ESTIMATE -> {
        Answer answer =
            available.length == 1
                ? Answer.of(status == 0, available[0], waitNanos)
                : bucket.answer(status == 0, waitNanos, available);
        yield blockedNow
            ? new Answer(answer.status(), answer.remaining(), answer.nanosToWait(), answer.bandwidth(), answer.resetNanos(), true)
            : answer;
      }
      case CHECK_BLOCK -> Answer.of(true, bucket.smallestCapacity(), 0);
      case GIVE_BACK, COUNT_FAILURE -> Answer.done(blockedNow);
    };
  }

  private static int kind(Step.Kind kind) {
    return switch (kind) {
      case TAKE -> 1;
      case ESTIMATE -> 2;
      case CHECK_BLOCK -> 3;
      case GIVE_BACK -> 4;
      case COUNT_FAILURE -> 5;
    };
  }

  /**
   * A shape's limits as the script takes them: {@code capacity,period,unit} each, the period in
   * units of {@code unit} microseconds. The unit is 1 µs unless capacity × period would leave the
   * range where doubles are exact integers; then 10 µs, 100 µs and so on (1,000,000,000 tokens a
   * second still counts in microseconds). A period under 1 µs counts as 1 µs.
   */
  static String limits(BucketShape shape) {
    StringBuilder args = new StringBuilder();
    for (Limit limit : shape.limits()) {
      long micros = limit.period().toNanos() / 1000;
      long unit = 1;
      long period = Math.max(1, micros);
      while (period > EXACT / limit.capacity()) {
        unit *= 10;
        period = Math.max(1, Math.round((double) micros / unit));
      }
      if (args.length() > 0) {
        args.append(';');
      }
      args.append(limit.capacity()).append(',').append(period).append(',').append(unit);
    }
    return args.toString();
  }

  @Override
  public void reset(BucketShape bucket, String key) {
    if (cluster) {
      call(c -> c.async().del(bucketKey(bucket.name(), key), blockKey(bucket.name(), key)));
      return;
    }
    call(c -> c.async().del(
        bucketKey(bucket.name(), key),
        blockKey(bucket.name(), key),
        legacyBlockKey(bucket.name(), key),
        prefix + bucket.name() + ":" + key));
  }

  /** A plain command (reset), waiting at most four times the decision timeout. */
  private <T> T call(Function<Link, CompletionStage<T>> operation) {
    return guarded((link, start) -> operation.apply(link).toCompletableFuture().get(maxWaitNanos, TimeUnit.NANOSECONDS));
  }

  /**
   * Sends PING for health checks, waiting at most the health timeout, not the decision timeout:
   * returns the round trip in nanoseconds, or throws when Redis is not connected or does not
   * answer in time. The breaker does not gate it: a health check is not a decision. It PINGs even
   * while the breaker is open, and an answer closes the breaker, because the health check may be
   * the only caller left: where the store is part of readiness, an outage takes the instance out of
   * rotation, no decision then comes to probe Redis, and a breaker waiting for one would keep the
   * instance out for good after Redis came back.
   */
  public long ping() {
    Link current = connection();
    long start = begin();
    try {
      current.async().ping().toCompletableFuture().get(healthTimeoutNanos, TimeUnit.NANOSECONDS);
      answered();
      long roundTrip = System.nanoTime() - start;
      closeBreakerAfterHealthyPing();
      return roundTrip;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted waiting for Redis", e);
    } catch (TimeoutException e) {
      timedOut(start, false);
      throw new StoreUnavailableException("Redis did not answer PING within " + TimeUnit.NANOSECONDS.toMillis(healthTimeoutNanos) + " ms", e);
    } catch (ExecutionException | RuntimeException e) {
      if (isAnswer(e)) {
        answered();
      }
      throw new StoreUnavailableException("Redis PING failed", e);
    } finally {
      waiting.decrementAndGet();
    }
  }

  @Override
  public long check() {
    return ping();
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public void close() {
    closed = true;
    Link current = connected.get();
    if (current != null) {
      current.connection().close();
    }
    if (owned) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
