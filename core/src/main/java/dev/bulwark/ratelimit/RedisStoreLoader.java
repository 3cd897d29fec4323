package dev.bulwark.ratelimit;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.ratelimit.spi.RateLimitStoreProvider;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the Redis store in {@code dev.bulwark:bulwark-redis} through {@link ServiceLoader}, so core
 * carries none of its libraries.
 */
final class RedisStoreLoader {

  /** Every jar the Redis store needs, for the start-up error when one is missing. */
  static final String JARS =
      "dev.bulwark:bulwark-redis, which brings io.lettuce:lettuce-core (with io.netty:netty-handler,"
          + " netty-transport, netty-codec, netty-buffer, netty-common, netty-resolver-dns and"
          + " io.projectreactor:reactor-core) and io.github.resilience4j:resilience4j-circuitbreaker";

  private RedisStoreLoader() {}

  static RateLimitStore load(RateLimitConfig config) {
    RateLimitStoreProvider provider = find(RedisStoreLoader.class.getClassLoader());
    if (provider == null) {
      // A container or a restarting class loader may hold the application's jars apart from core's.
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context != null && context != RedisStoreLoader.class.getClassLoader()) {
        try {
          provider = find(context);
        } catch (ConfigException e) {
          // That loader holds another copy of core, whose provider is not ours: as good as none.
          provider = null;
        }
      }
    }
    if (provider == null) {
      throw new ConfigException("bulwark.rate-limit.store", "redis needs " + JARS + " on the class path; none of bulwark-redis was found");
    }
    try {
      return provider.open(config);
    } catch (LinkageError e) {
      // bulwark-redis is there, but a library it needs was excluded or is of a version it cannot use.
      throw new ConfigException(
          "bulwark.rate-limit.store", "redis needs " + JARS + " on the class path; " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static RateLimitStoreProvider find(ClassLoader loader) {
    try {
      for (RateLimitStoreProvider provider : ServiceLoader.load(RateLimitStoreProvider.class, loader)) {
        if ("redis".equals(provider.name())) {
          return provider;
        }
      }
      return null;
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new ConfigException(
          "bulwark.rate-limit.store", "redis needs " + JARS + " on the class path; the store could not be loaded: " + e.getMessage(), e);
    }
  }
}
