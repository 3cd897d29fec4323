package dev.bulwark.redis.internal;

import static org.awaitility.Awaitility.await;

import dev.bulwark.ratelimit.RedisStoreConfig;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import dev.bulwark.redis.testing.RedisClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store passes the store contract on a real three-master Redis Cluster. The outage
 * scenario is {@link RedisClusterTest}'s failover, not a stop of the whole cluster.
 */
class RedisClusterStoreContractTest extends RedisClockStoreContract {

  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  protected RateLimitStore newStore() {
    RedisStore store =
        RedisStore.connect(
            RedisStoreConfig.builder()
                .uri(cluster.seeds())
                .cluster(true)
                .timeout(Duration.ofMillis(500))
                .breakerOpenFor(Duration.ofMillis(500))
                .keyPrefix("test:cluster-contract:" + System.nanoTime() + ":")
                .build());
    await().atMost(Duration.ofSeconds(20)).until(store::isConnected);
    return store;
  }
}
