package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ConfigException;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RedisStoreConfig;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Core finds the Redis store through {@link java.util.ServiceLoader}, and says which jars it needs
 * when they are missing. Each case runs core in a class loader of its own, built from this test's
 * class path with some entries hidden, as an application that lacks them would run.
 */
class RedisStoreLoadingTest {

  private static final String JARS = "dev.bulwark:bulwark-redis, which brings io.lettuce:lettuce-core";

  /** Compiles a limiter with {@code store=redis} in whatever class loader loaded it. */
  public static final class Attempt implements Supplier<String> {
    @Override
    public String get() {
      RateLimitConfig config =
          RateLimitConfig.builder()
              .enabled(true)
              .store(RateLimitConfig.StoreType.REDIS)
              .redis(RedisStoreConfig.builder().uri("redis://127.0.0.1:1").build())
              .rules(RateLimitRule.builder("r").limits("2/1h").build())
              .build();
      try (RateLimiter limiter = RateLimiter.compile(config)) {
        return "store " + limiter.storeKind();
      } catch (ConfigException e) {
        return e.getMessage();
      }
    }
  }

  @Test
  void withTheModuleOnTheClassPathTheRedisStoreIsFound() throws Exception {
    assertThat(attemptWithout(0, entry -> false)).isEqualTo("store redis");
  }

  @Test
  void withoutTheModuleStartUpFailsNamingEveryJarTheStoreNeeds() throws Exception {
    String message = attemptWithout(1, entry -> entry.endsWith(Path.of("redis", "target", "classes").toString()));
    assertThat(message)
        .startsWith("bulwark.rate-limit.store: redis needs " + JARS)
        .contains("io.netty:netty-handler", "io.projectreactor:reactor-core", "io.github.resilience4j:resilience4j-circuitbreaker")
        .contains("none of bulwark-redis was found");
  }

  @Test
  void withTheModuleButWithoutLettuceStartUpFailsNamingEveryJarTheStoreNeeds() throws Exception {
    String message = attemptWithout(1, entry -> entry.contains(File.separator + "lettuce-core"));
    assertThat(message)
        .startsWith("bulwark.rate-limit.store: redis needs " + JARS)
        .contains("io/lettuce/core");
  }

  private static String attemptWithout(int hides, Predicate<String> hidden) throws Exception {
    List<URL> urls = new ArrayList<>();
    int kept = 0;
    int total = 0;
    // Surefire may start the tests from a manifest-only jar; it names the real class path here.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : classPath.split(File.pathSeparator)) {
      total++;
      if (!hidden.test(entry)) {
        urls.add(Path.of(entry).toUri().toURL());
        kept++;
      }
    }
    assertThat(total - kept).as("class path entries hidden").isEqualTo(hides);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      @SuppressWarnings("unchecked")
      Supplier<String> attempt = (Supplier<String>) loader.loadClass(Attempt.class.getName()).getDeclaredConstructor().newInstance();
      assertThat(attempt.getClass().getClassLoader()).isSameAs(loader);
      return attempt.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
