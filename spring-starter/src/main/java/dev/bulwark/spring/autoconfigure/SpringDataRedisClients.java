package dev.bulwark.spring.autoconfigure;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.redis.RedisStores;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Lettuce client behind Spring Data Redis's {@link LettuceConnectionFactory}: Boot creates one
 * from {@code spring.data.redis.*} and exposes no client bean. Only loaded when Spring Data Redis is
 * on the class path. A factory over a static master/replica set has a client with no URI of its
 * own: the store cannot connect and says so in its log on every attempt.
 */
final class SpringDataRedisClients {

  private static final Logger LOG = LoggerFactory.getLogger(SpringDataRedisClients.class);
  private static final String PROPERTY = "bulwark.rate-limit.redis.connection";

  private SpringDataRedisClients() {}

  /**
   * The store over the client of the one {@link LettuceConnectionFactory}, or null when the
   * application has no Spring Data Redis connection factory.
   *
   * @param storeBean the store's bean name: destroyed before the factory bean. The factory's client
   *     is shut down earlier still, when the context stops its lifecycle beans; the store's
   *     connection goes with it, after the web server has stopped taking requests.
   */
  static RateLimitStore storeOverTheConnectionFactory(
      ConfigurableListableBeanFactory beans, String storeBean, RedisStoreConfig config) {
    Map<String, RedisConnectionFactory> factories = beans.getBeansOfType(RedisConnectionFactory.class, false, true);
    if (factories.isEmpty()) {
      return null;
    }
    if (factories.size() > 1) {
      throw new ConfigException(PROPERTY, "application found " + factories.size() + " Spring Data Redis connection factories " + factories.keySet() + "; Bulwark needs one");
    }
    Map.Entry<String, RedisConnectionFactory> found = factories.entrySet().iterator().next();
    if (!(found.getValue() instanceof LettuceConnectionFactory lettuce)) {
      throw new ConfigException(
          PROPERTY,
          "application needs Lettuce; the Spring Data Redis connection factory '" + found.getKey() + "' is a " + found.getValue().getClass().getSimpleName());
    }
    // The factory's client is asked for at every (re)connect: a factory not started yet has none
    // (the store retries until it has), and one stopped and started again (context stop/start,
    // checkpoint/restore) has a new one. Bulwark never starts or stops the factory.
    beans.registerDependentBean(found.getKey(), storeBean);
    LOG.info("Bulwark rate limiting uses the Lettuce client of Spring Data Redis's connection factory '{}' ({})", found.getKey(), where(lettuce));
    return RedisStores.usingCurrentClient(lettuce::getNativeClient, lettuce.isClusterAware(), config);
  }

  /** Where the factory connects, for the start-up line; never a password. */
  private static String where(LettuceConnectionFactory factory) {
    if (factory.isClusterAware()) {
      return "a Redis Cluster";
    }
    if (factory.isRedisSentinelAware()) {
      return "Sentinel master " + factory.getSentinelConfiguration().getMaster().getName();
    }
    return factory.getHostName() + ":" + factory.getPort() + (factory.isUseSsl() ? " over TLS" : "");
  }
}
