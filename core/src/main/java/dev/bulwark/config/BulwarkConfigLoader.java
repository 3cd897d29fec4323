package dev.bulwark.config;

import dev.bulwark.config.internal.RecordBinder;
import dev.bulwark.core.ConfigException;

/**
 * Builds a {@link BulwarkConfig} from flat properties, for applications without Spring. Names are
 * relaxed as in Spring Boot, so the same keys work in {@code application.yml} and {@code
 * bulwark.properties}.
 *
 * <pre>{@code
 * BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.standard(classLoader));
 * }</pre>
 */
public final class BulwarkConfigLoader {

  private BulwarkConfigLoader() {}

  /**
   * Binds every setting.
   *
   * @throws ConfigException naming the first property with a bad value, or listing unknown {@code
   *     bulwark.*} keys from files and system properties (typos)
   */
  public static BulwarkConfig load(ConfigSource source) {
    return new RecordBinder(source).bindStrict(BulwarkConfig.PREFIX, BulwarkConfig.class);
  }
}
