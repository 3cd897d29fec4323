package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.redis.RedisStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The Redis rate-limit store over the application's own Lettuce client, with {@code
 * bulwark.rate-limit.redis.connection=application} and {@code bulwark.rate-limit.store=redis}: a
 * {@link RedisClient} or {@link RedisClusterClient} bean serves Bulwark too, instead of a second
 * client; without one, the Lettuce client of Spring Data Redis's {@code LettuceConnectionFactory}
 * (what {@code spring.data.redis.*} configures), on the factory's own host, Sentinel or Cluster. The
 * store opens one connection of its own through it and never shuts it down.
 */
@AutoConfiguration(before = BulwarkAutoConfiguration.class)
@ConditionalOnClass({RedisStores.class, RedisClient.class})
@ConditionalOnProperty(prefix = "bulwark.rate-limit.redis", name = "connection", havingValue = "application")
public final class BulwarkRedisConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkRedisConfiguration.class);
  private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";
  private static final String STORE_BEAN = "bulwarkApplicationRedisStore";

  /** Opens the store through the application's client; the assembly's limiter decides on it. */
  @Bean
  @ConditionalOnMissingBean(RateLimitStore.class)
  @ConditionalOnProperty(prefix = "bulwark.rate-limit", name = "store", havingValue = "redis")
  public RateLimitStore bulwarkApplicationRedisStore(
      BulwarkConfig config,
      ObjectProvider<RedisClient> clients,
      ObjectProvider<RedisClusterClient> clusterClients,
      ConfigurableListableBeanFactory beans) {
    RateLimitConfig rateLimit = config.rateLimit();
    long found = clients.stream().count() + clusterClients.stream().count();
    if (found > 1) {
      // Not one of them at random, nor Spring Data Redis's instead: which one is the user's to say.
      throw new ConfigException(
          "bulwark.rate-limit.redis.connection",
          "application found " + found + " Lettuce client beans; Bulwark needs exactly one. Declare a RateLimitStore bean with"
              + " RedisStores.using(client, config) to choose, or set own");
    }
    RedisClusterClient clusterClient = clusterClients.getIfUnique();
    if (clusterClient != null) {
      LOG.info("Bulwark rate limiting uses the application's RedisClusterClient for Redis");
      return RedisStores.using(clusterClient, rateLimit.redis());
    }
    RedisClient client = clients.getIfUnique();
    if (client != null) {
      LOG.info("Bulwark rate limiting uses the application's RedisClient for Redis at {}", rateLimit.redis().redactedUri());
      return RedisStores.using(client, rateLimit.redis());
    }
    if (ClassUtils.isPresent(SPRING_DATA_REDIS, BulwarkRedisConfiguration.class.getClassLoader())) {
      RateLimitStore overSpringData = SpringDataRedisClients.storeOverTheConnectionFactory(beans, STORE_BEAN, rateLimit.redis());
      if (overSpringData != null) {
        return overSpringData;
      }
    }
    throw new ConfigException(
        "bulwark.rate-limit.redis.connection",
        "application needs one Lettuce RedisClient or RedisClusterClient bean, or one Spring Data Redis LettuceConnectionFactory;"
            + " none was found. Set own to let Bulwark open its own client from bulwark.rate-limit.redis.uri");
  }
}
